// electron-builder afterPack hook: flip Electron's fuses in the packaged binary before it is
// signed, so the shipped app cannot be turned into a plain Node runtime (RunAsNode, NODE_OPTIONS,
// --inspect) and only runs the integrity-checked app.asar. Electron's security checklist, item 20.
// CommonJS because electron-builder require()s hooks and package.json says "type": "module".
'use strict';
const path = require('node:path');
const { flipFuses, FuseVersion, FuseV1Options } = require('@electron/fuses');

/** The fuse settings Medfig ships with (tests/unit/security-fuses.test.ts reads them back). */
const FUSES = {
  version: FuseVersion.V1,
  [FuseV1Options.RunAsNode]: false,
  [FuseV1Options.EnableCookieEncryption]: true,
  [FuseV1Options.EnableNodeOptionsEnvironmentVariable]: false,
  [FuseV1Options.EnableNodeCliInspectArguments]: false,
  [FuseV1Options.EnableEmbeddedAsarIntegrityValidation]: true,
  [FuseV1Options.OnlyLoadAppFromAsar]: true,
  // The renderer loads from app:// (src/main/app-protocol.ts): file:// pages get no extra powers.
  [FuseV1Options.GrantFileProtocolExtraPrivileges]: false,
};

/** The Electron executable inside an unpacked app folder, per platform. */
function electronBinary(context) {
  const { appOutDir, electronPlatformName, packager } = context;
  const product = packager.appInfo.productFilename;
  switch (electronPlatformName) {
    case 'darwin':
    case 'mas':
      return path.join(appOutDir, `${product}.app`);
    case 'win32':
      return path.join(appOutDir, `${product}.exe`);
    default:
      return path.join(appOutDir, packager.executableName);
  }
}

async function afterPack(context) {
  const binary = electronBinary(context);
  const mac = context.electronPlatformName === 'darwin' || context.electronPlatformName === 'mas';
  // Flipping a fuse changes the binary, so an ad-hoc signed arm64 mac build must be re-signed.
  await flipFuses(binary, { ...FUSES, resetAdHocDarwinSignature: mac && context.arch === 3 /* Arch.arm64 */ });
}

module.exports = afterPack;
module.exports.default = afterPack;
module.exports.FUSES = FUSES;
module.exports.electronBinary = electronBinary;
