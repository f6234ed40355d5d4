// Where a worker script is, for every way the services run: from TypeScript sources (vitest, tsx
// hosts) the .ts beside the caller, run through tsx; built (electron-vite's out/main, the CLI's
// out/cli) the entry `<name>.js` beside the bundle (or one folder up from a chunk folder).
import { existsSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

export interface WorkerEntry {
  script: string;
  eval: boolean;
}

/** `here` is the caller's import.meta.url; `name` the worker entry's file name without extension. */
export function workerEntry(here: string, name: string): WorkerEntry {
  const dir = dirname(fileURLToPath(here));
  if (here.endsWith('.ts')) {
    // `execArgv: ['--import', 'tsx']` does not reach worker threads on Node 20 (the loader hooks stay
    // in the parent), so a two-line bootstrap registers tsx inside the worker, then loads the .ts.
    const tsxRoot = dirname(createRequire(here).resolve('tsx/package.json'));
    const tsx = pathToFileURL(join(tsxRoot, 'dist/esm/api/index.mjs')).href; // the ESM API (exports' import condition)
    const worker = pathToFileURL(join(dir, `${name}.ts`)).href;
    return {
      script: `import(${JSON.stringify(tsx)}).then((m) => m.register()).then(() => import(${JSON.stringify(worker)}));`,
      eval: true,
    };
  }
  const beside = join(dir, `${name}.js`);
  return { script: existsSync(beside) ? beside : join(dir, '..', `${name}.js`), eval: false };
}
