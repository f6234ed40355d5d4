// `npm run web`: start the loopback web host and print its address (one line).
import { homedir } from 'node:os';
import { chmodSync, mkdirSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { startWebHost } from './server';

function arg(name: string): string[] {
  const out: string[] = [];
  const argv = process.argv.slice(2);
  for (let i = 0; i < argv.length; i++) {
    if (argv[i] === `--${name}` && argv[i + 1]) out.push(argv[++i]);
    else if (argv[i].startsWith(`--${name}=`)) out.push(argv[i].slice(name.length + 3));
  }
  return out;
}

const root = resolve(import.meta.dirname, '../..');
// Dropped images, recovery files, recents and settings live in the user's own data folder
// (mode 0700), never in a shared /tmp: they are clinical images and the user's unsaved work.
const userData = resolve(arg('user-data')[0] ?? join(process.env.XDG_DATA_HOME ?? join(homedir(), '.local/share'), 'medfig'));
mkdirSync(userData, { recursive: true, mode: 0o700 });
chmodSync(userData, 0o700);
const roots = arg('root').map((r) => resolve(r));
const host = await startWebHost({
  rendererDir: arg('renderer')[0] ?? join(root, 'out/renderer'),
  roots: roots.length ? roots : [homedir(), join(root, 'resources/sample-case')],
  importDir: arg('import-dir')[0] ?? join(userData, 'imports'),
  userDataDir: userData,
  exportDir: resolve(arg('export-dir')[0] ?? join(homedir(), 'Medfig exports')),
  port: Number(arg('port')[0] ?? 0),
  token: arg('token')[0],
  version: '0.1.0',
});
console.log(host.url);
const stop = () => void host.close().then(() => process.exit(0));
process.on('SIGINT', stop);
process.on('SIGTERM', stop);
