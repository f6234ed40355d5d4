// The packaging config cannot be exercised here (no Electron binary to pack), so it is checked
// with electron-builder's own loader and JSON schema, plus the things Medfig relies on.
import { describe, expect, it } from 'vitest';
import { existsSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { createRequire } from 'node:module';

const root = resolve(import.meta.dirname, '../..');
const require = createRequire(import.meta.url);

describe('electron-builder configuration', () => {
  it('loads and passes electron-builder’s schema', async () => {
    const { getConfig, validateConfiguration } = require('app-builder-lib/out/util/config/config');
    const { DebugLogger } = require('builder-util');
    const config = await getConfig(root, null, null);
    await expect(validateConfiguration(config, new DebugLogger(false))).resolves.toBeUndefined();
    const targets = (c: { target?: unknown[] } | undefined) =>
      (c?.target ?? []).map((t) => (typeof t === 'string' ? t : (t as { target: string }).target));
    expect(targets(config.linux)).toEqual(expect.arrayContaining(['AppImage', 'deb']));
    expect(targets(config.mac)).toContain('dmg');
    expect(targets(config.win)).toContain('nsis');
    expect(config.fileAssociations.map((f: { ext: string }) => f.ext)).toContain('medfig');
    const files = (config.files as (string | { filter: string[] })[]).flatMap((f) => (typeof f === 'string' ? [f] : f.filter));
    expect(files).toContain('out/**');
    // Resources the app reads at run time ship outside the asar.
    const extra = (config.extraResources as { from: string }[]).map((e) => e.from);
    expect(extra).toEqual(expect.arrayContaining(['resources/fonts', 'resources/sample-case']));
    for (const f of extra) expect(existsSync(join(root, f))).toBe(true);
    expect(existsSync(join(root, config.afterPack))).toBe(true);
  });

  it('a config error is caught by the same check', async () => {
    const { validateConfiguration } = require('app-builder-lib/out/util/config/config');
    const { DebugLogger } = require('builder-util');
    await expect(validateConfiguration({ linux: { target: 42 }, noSuchOption: true }, new DebugLogger(false))).rejects.toThrow();
  });

  it('npm run dist builds then packs', async () => {
    const pkg = (await import(join(root, 'package.json'), { with: { type: 'json' } })).default;
    expect(pkg.scripts.dist).toMatch(/electron-vite build && electron-builder/);
    expect(pkg.main).toBe('out/main/index.js');
  });
});
