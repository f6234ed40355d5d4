// Resources a command opened (the image worker pool) register here; the CLI closes them once
// the command ends, whatever happened, so the process can exit.
const hooks: (() => Promise<void> | void)[] = [];

export function atEnd(fn: () => Promise<void> | void): void {
  hooks.push(fn);
}

export async function runCleanup(): Promise<void> {
  for (const fn of hooks.splice(0).reverse()) await fn();
}
