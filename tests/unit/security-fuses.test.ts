// The electron-builder afterPack hook (scripts/fuses.cjs) flips Electron's fuses. Packaging cannot
// run here (no Electron binary), so the hook runs on stand-in binaries that carry Electron's fuse
// wire (the sentinel, version 1, length, one byte per fuse, as Electron 41 ships them) laid out
// the way each platform packs the app, and @electron/fuses reads the result back.
import { createRequire } from 'node:module';
import { mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { FuseState, SENTINEL } from '@electron/fuses/dist/constants';
import { FuseV1Options, getCurrentFuseWire } from '@electron/fuses';

const ROOT = resolve(import.meta.dirname, '../..');
const require = createRequire(import.meta.url);
const hook = require(join(ROOT, 'scripts/fuses.cjs')) as ((ctx: unknown) => Promise<void>) & { FUSES: Record<string, unknown> };

/** What Electron ships: RunAsNode, NODE_OPTIONS, --inspect on; cookie encryption, asar-only, integrity off. */
const SHIPPED: Record<number, number> = {
  [FuseV1Options.RunAsNode]: FuseState.ENABLE,
  [FuseV1Options.EnableCookieEncryption]: FuseState.DISABLE,
  [FuseV1Options.EnableNodeOptionsEnvironmentVariable]: FuseState.ENABLE,
  [FuseV1Options.EnableNodeCliInspectArguments]: FuseState.ENABLE,
  [FuseV1Options.EnableEmbeddedAsarIntegrityValidation]: FuseState.DISABLE,
  [FuseV1Options.OnlyLoadAppFromAsar]: FuseState.DISABLE,
  [FuseV1Options.LoadBrowserProcessSpecificV8Snapshot]: FuseState.DISABLE,
  [FuseV1Options.GrantFileProtocolExtraPrivileges]: FuseState.ENABLE,
};

function fakeElectron(file: string): void {
  mkdirSync(dirname(file), { recursive: true });
  const wire = Buffer.from([1, 8, ...Object.keys(SHIPPED).map((k) => SHIPPED[Number(k)])]);
  writeFileSync(file, Buffer.concat([Buffer.alloc(4096, 0x90), Buffer.from(SENTINEL), wire, Buffer.alloc(4096, 0x90)]));
}

function context(appOutDir: string, platform: string) {
  return {
    appOutDir,
    outDir: dirname(appOutDir),
    electronPlatformName: platform,
    arch: 1, // x64: no ad-hoc re-signing (needs macOS codesign)
    targets: [],
    packager: { appInfo: { productFilename: 'Medfig' }, executableName: 'medfig' },
  };
}

const WANT = {
  [FuseV1Options.RunAsNode]: FuseState.DISABLE,
  [FuseV1Options.EnableCookieEncryption]: FuseState.ENABLE,
  [FuseV1Options.EnableNodeOptionsEnvironmentVariable]: FuseState.DISABLE,
  [FuseV1Options.EnableNodeCliInspectArguments]: FuseState.DISABLE,
  [FuseV1Options.EnableEmbeddedAsarIntegrityValidation]: FuseState.ENABLE,
  [FuseV1Options.OnlyLoadAppFromAsar]: FuseState.ENABLE,
  // The renderer is on app:// (src/main/app-protocol.ts): file:// pages get no extra privileges.
  [FuseV1Options.GrantFileProtocolExtraPrivileges]: FuseState.DISABLE,
};

describe('scripts/fuses.cjs (electron-builder afterPack)', () => {
  const cases: [string, (dir: string) => string][] = [
    ['linux', (d) => join(d, 'medfig')],
    ['win32', (d) => join(d, 'Medfig.exe')],
    ['darwin', (d) => join(d, 'Medfig.app/Contents/Frameworks/Electron Framework.framework/Electron Framework')],
  ];
  for (const [platform, binaryOf] of cases) {
    it(`flips the fuses of the ${platform} binary`, async () => {
      const dir = mkdtempSync(join(tmpdir(), `medfig-fuses-${platform}-`));
      const binary = binaryOf(dir);
      fakeElectron(binary);
      const before = await getCurrentFuseWire(platform === 'darwin' ? join(dir, 'Medfig.app') : binary);
      expect(before[FuseV1Options.RunAsNode]).toBe(FuseState.ENABLE);
      await hook(context(dir, platform));
      const after = (await getCurrentFuseWire(platform === 'darwin' ? join(dir, 'Medfig.app') : binary)) as unknown as Record<
        number,
        number
      >;
      for (const [fuse, state] of Object.entries(WANT)) expect(after[Number(fuse)], FuseV1Options[Number(fuse)]).toBe(state);
      // Fuses the hook does not set are left as Electron shipped them; the file size is unchanged.
      expect(after[FuseV1Options.LoadBrowserProcessSpecificV8Snapshot]).toBe(SHIPPED[FuseV1Options.LoadBrowserProcessSpecificV8Snapshot]);
      expect(readFileSync(binary).length).toBe(8192 + SENTINEL.length + 10);
    });
  }

  it('fails the packaging when the binary carries no fuse wire (never ships unfused)', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'medfig-fuses-none-'));
    writeFileSync(join(dir, 'medfig'), Buffer.alloc(1024));
    await expect(hook(context(dir, 'linux'))).rejects.toThrow(/sentinel/i);
  });

  it('electron-builder runs it: the config names the hook', () => {
    const yaml = require('js-yaml') as { load(s: string): Record<string, unknown> };
    const cfg = yaml.load(readFileSync(join(ROOT, 'electron-builder.yml'), 'utf8'));
    expect(String(cfg.afterPack).replace(/^\.\//, '')).toBe('scripts/fuses.cjs');
    // OnlyLoadAppFromAsar and asar integrity need the app inside an asar.
    expect(cfg.asar).not.toBe(false);
  });
});
