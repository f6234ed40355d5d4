// User settings in the renderer: loaded once from the host (getSettings: a file in the user data
// folder), changed by the shell (style defaults, export choices, theme) and written back with
// setSettings, debounced so a colour slider does not write a file per step. No DOM and no
// api-client here, so it is unit-tested with a fake host (tests/unit/settings-store.test.ts).
import { Settings } from '../../shared/settings';

export interface SettingsHost {
  getSettings(req: Record<string, never>): Promise<Settings>;
  setSettings(req: { settings: Settings }): Promise<Settings>;
}

export interface SettingsStore {
  get(): Settings;
  /** True once the host's settings arrived (or failed to: defaults then). */
  loaded(): boolean;
  /** Reads the host's settings; changes made before they arrive win over them. */
  load(): Promise<Settings>;
  /** Changes settings now; written to the host after `debounceMs` of quiet. */
  update(patch: Partial<Settings>): void;
  /** Writes a pending change now. */
  flush(): Promise<void>;
  subscribe(listener: () => void): () => void;
}

const same = (a: unknown, b: unknown) => JSON.stringify(a) === JSON.stringify(b);

export function createSettingsStore(host: SettingsHost, opts: { debounceMs?: number; onError?(e: Error): void } = {}): SettingsStore {
  const debounceMs = opts.debounceMs ?? 400;
  let current: Settings = Settings.parse({});
  let isLoaded = false;
  /** Fields the user changed this session: a late load must not undo them. */
  let touched: Partial<Settings> = {};
  let timer: ReturnType<typeof setTimeout> | null = null;
  let writing: Promise<void> = Promise.resolve();
  const listeners = new Set<() => void>();
  const emit = () => listeners.forEach((l) => l());

  const write = (): Promise<void> => {
    timer = null;
    const snapshot = current;
    // Writes go out in order: the last change is the one left on disk.
    writing = writing.then(
      () => host.setSettings({ settings: snapshot }).then(() => undefined),
      () => undefined,
    );
    return writing.catch((e: Error) => opts.onError?.(e));
  };

  return {
    get: () => current,
    loaded: () => isLoaded,
    async load() {
      let fromHost: Settings;
      try {
        fromHost = Settings.parse(await host.getSettings({}));
      } catch (e) {
        opts.onError?.(e as Error);
        fromHost = Settings.parse({});
      }
      current = { ...fromHost, ...touched };
      isLoaded = true;
      emit();
      return current;
    },
    update(patch) {
      const next = Settings.safeParse({ ...current, ...patch });
      if (!next.success || same(next.data, current)) return;
      current = next.data;
      touched = { ...touched, ...patch };
      emit();
      if (timer) clearTimeout(timer);
      timer = setTimeout(() => void write(), debounceMs);
    },
    async flush() {
      if (timer) {
        clearTimeout(timer);
        await write();
      } else await writing.catch(() => undefined);
    },
    subscribe(l) {
      listeners.add(l);
      return () => void listeners.delete(l);
    },
  };
}

/** The export dialog's resolution menu: a DPI it lists, else "custom" with the number. */
export function dpiChoiceFor(dpi: number, listed: readonly number[] = [300, 600, 1200]): { choice: string; custom: string } {
  return listed.includes(dpi) ? { choice: String(dpi), custom: '450' } : { choice: 'custom', custom: String(dpi) };
}
