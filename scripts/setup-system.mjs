// The system tools the tests need (reference decoders, PDF/TIFF/EXIF readers, Chromium for
// Playwright, Orthanc for the PACS tests, ffmpeg for cine checks). `npm test` and `.ci/run` both
// run this first. Missing tools are installed with one apt-get call where the machine allows it
// (Debian/Ubuntu as root, or sudo without a password); elsewhere it stops with one line naming
// what is missing and the command that installs it.
//   node scripts/setup-system.mjs           check, install what is missing
//   node scripts/setup-system.mjs --check   check only (exit 1 when something is missing)
import { spawnSync } from 'node:child_process';
import { accessSync, constants, existsSync } from 'node:fs';
import { delimiter, join } from 'node:path';

/** Each need: how to tell it is there, and the Debian package that provides it. */
export const NEEDS = [
  { what: 'chromium', pkg: 'chromium', present: () => Boolean(process.env.CHROMIUM_PATH) || onPath('chromium') },
  { what: 'dcmtk', pkg: 'dcmtk', present: () => ['dcmdump', 'dcmj2pnm', 'dcml2pnm', 'dcmcjpeg', 'dcmcjpls', 'dcmcrle'].every(onPath) },
  { what: 'gdcm', pkg: 'libgdcm-tools', present: () => onPath('gdcmconv') },
  { what: 'ImageMagick', pkg: 'imagemagick', present: () => isExecutable('/usr/bin/convert') },
  { what: 'exiftool', pkg: 'libimage-exiftool-perl', present: () => onPath('exiftool') },
  { what: 'libtiff tools', pkg: 'libtiff-tools', present: () => onPath('tiffinfo') },
  { what: 'poppler', pkg: 'poppler-utils', present: () => ['pdftotext', 'pdffonts', 'pdfimages', 'pdfinfo', 'pdftoppm'].every(onPath) },
  { what: 'OpenJPEG tools', pkg: 'libopenjp2-tools', present: () => onPath('opj_decompress') },
  { what: 'libvips tools', pkg: 'libvips-tools', present: () => onPath('vips') },
  { what: 'ffmpeg', pkg: 'ffmpeg', present: () => onPath('ffmpeg') && onPath('ffprobe') },
  { what: 'Orthanc', pkg: 'orthanc', present: () => onPath('Orthanc') || isExecutable('/usr/sbin/Orthanc') },
  {
    what: 'Orthanc DICOMweb plugin',
    pkg: 'orthanc-dicomweb',
    present: () => existsSync('/usr/share/orthanc/plugins/libOrthancDicomWeb.so'),
  },
  { what: 'fontconfig', pkg: 'fontconfig', present: () => onPath('fc-query') },
  {
    what: 'Liberation fonts',
    pkg: 'fonts-liberation2',
    present: () => existsSync('/usr/share/fonts/truetype/liberation2/LiberationSans-Regular.ttf'),
  },
];

function isExecutable(file) {
  try {
    accessSync(file, constants.X_OK);
    return true;
  } catch {
    return false;
  }
}

function onPath(cmd) {
  const dirs = (process.env.PATH ?? '').split(delimiter).concat(['/usr/sbin', '/sbin']);
  return dirs.some((d) => d && isExecutable(join(d, cmd)));
}

export function missingNeeds() {
  return NEEDS.filter((n) => !n.present());
}

/** How this machine may install Debian packages: as root, through sudo without a password, or not at all. */
function installer() {
  if (!onPath('apt-get')) return null;
  if (process.getuid?.() === 0) return [];
  if (onPath('sudo') && spawnSync('sudo', ['-n', 'true'], { stdio: 'ignore' }).status === 0) return ['sudo', '-n'];
  return null;
}

function main() {
  const checkOnly = process.argv.includes('--check');
  const missing = missingNeeds();
  if (!missing.length) return 0;
  const pkgs = [...new Set(missing.map((n) => n.pkg))];
  const command = `apt-get install -y --no-install-recommends ${pkgs.join(' ')}`;
  const names = missing.map((n) => n.what).join(', ');
  const prefix = checkOnly ? null : installer();
  if (prefix === null) {
    console.error(`The tests need ${names}, which this machine lacks; install them with: sudo ${command}`);
    return 1;
  }
  console.log(`Installing what the tests need (${names}) with apt-get: ${pkgs.join(' ')}`);
  const env = { ...process.env, DEBIAN_FRONTEND: 'noninteractive' };
  const apt = (args) => {
    const [cmd, ...rest] = [...prefix, 'apt-get', ...args];
    return spawnSync(cmd, rest, { stdio: ['ignore', 'ignore', 'inherit'], env }).status;
  };
  // One install call; the package lists are refreshed first so a fresh machine can find them.
  if (apt(['update', '-qq']) !== 0 || apt(['install', '-y', '-qq', '--no-install-recommends', ...pkgs]) !== 0) {
    console.error(`Installing ${pkgs.join(' ')} failed; run: sudo ${command}`);
    return 1;
  }
  const still = missingNeeds();
  if (still.length) {
    console.error(`After apt-get, still missing: ${still.map((n) => n.what).join(', ')}; run: sudo ${command}`);
    return 1;
  }
  return 0;
}

if (import.meta.url === `file://${process.argv[1]}`) process.exit(main());
