// The renderer's settings store against a fake host: loads, debounces writes into one, keeps
// changes made before the load arrived, ignores invalid values and no-op updates.
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { Settings } from '../../src/shared/settings';
import { createSettingsStore, dpiChoiceFor, type SettingsHost } from '../../src/renderer/app/Settings';

function fakeHost(initial: Partial<Settings> = {}) {
  let disk: Settings = Settings.parse(initial);
  const writes: Settings[] = [];
  let release: (() => void) | null = null;
  const host: SettingsHost & { writes: Settings[]; disk(): Settings; holdLoad(): void } = {
    writes,
    disk: () => disk,
    holdLoad() {
      host.getSettings = () => new Promise((ok) => (release = () => ok(disk)));
    },
    getSettings: async () => disk,
    setSettings: async ({ settings }) => {
      writes.push(settings);
      disk = Settings.parse(settings);
      return disk;
    },
  };
  return { host, release: () => release?.() };
}

describe('settings store', () => {
  beforeEach(() => void vi.useFakeTimers());
  afterEach(() => void vi.useRealTimers());

  it('loads what the host has, and writes a burst of changes once, after the quiet period', async () => {
    const { host } = fakeHost({ exportDpi: 1200, theme: 'light' });
    const s = createSettingsStore(host, { debounceMs: 400 });
    expect(s.loaded()).toBe(false);
    expect((await s.load()).exportDpi).toBe(1200);
    expect(s.get().theme).toBe('light');
    let heard = 0;
    s.subscribe(() => heard++);
    s.update({ defaultStyle: { ...s.get().defaultStyle, color: '#e69f00' } });
    s.update({ exportDpi: 300 });
    s.update({ exportFormat: 'tiff' });
    expect(heard).toBe(3);
    await vi.advanceTimersByTimeAsync(399);
    expect(host.writes).toHaveLength(0);
    await vi.advanceTimersByTimeAsync(1);
    expect(host.writes).toHaveLength(1);
    expect(host.disk()).toMatchObject({ exportDpi: 300, exportFormat: 'tiff', theme: 'light', defaultStyle: { color: '#e69f00' } });
  });

  it('a change made before the load arrives is not undone by it', async () => {
    const { host, release } = fakeHost({ exportDpi: 1200, journal: 'nature' });
    host.holdLoad();
    const s = createSettingsStore(host);
    const loading = s.load();
    s.update({ exportDpi: 300 });
    release();
    await loading;
    expect(s.get()).toMatchObject({ exportDpi: 300, journal: 'nature' });
  });

  it('ignores invalid and unchanged values; flush writes at once; a failing host gives defaults', async () => {
    const { host } = fakeHost();
    const s = createSettingsStore(host);
    await s.load();
    s.update({ exportDpi: 5 }); // below the schema's 30
    s.update({ exportDpi: 600 }); // the default already
    await vi.advanceTimersByTimeAsync(1000);
    expect(host.writes).toHaveLength(0);
    s.update({ theme: 'light' });
    await s.flush();
    expect(host.writes.map((w) => w.theme)).toEqual(['light']);

    const errors: string[] = [];
    const broken = createSettingsStore(
      { getSettings: () => Promise.reject(new Error('EACCES')), setSettings: host.setSettings },
      { onError: (e) => errors.push(e.message) },
    );
    expect((await broken.load()).exportDpi).toBe(600);
    expect(broken.loaded()).toBe(true);
    expect(errors).toEqual(['EACCES']);
  });

  it('maps a DPI onto the export dialog menu', () => {
    expect(dpiChoiceFor(600)).toEqual({ choice: '600', custom: '450' });
    expect(dpiChoiceFor(450)).toEqual({ choice: 'custom', custom: '450' });
    expect(dpiChoiceFor(800).choice).toBe('custom');
  });
});
