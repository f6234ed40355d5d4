// Every `medfig` command by name, loaded only when run: a command pulls in just its own imports.
// Add a command as commands/<name>.ts (default export: CliCommand) and one line here.
import type { CliCommand } from '../command';

export const COMMANDS: Record<string, () => Promise<CliCommand>> = {
  info: () => import('./info').then((m) => m.default),
  render: () => import('./render').then((m) => m.default),
  export: () => import('./export').then((m) => m.default),
  preflight: () => import('./preflight').then((m) => m.default),
  legend: () => import('./legend').then((m) => m.default),
  cine: () => import('./cine').then((m) => m.default),
  package: () => import('./package').then((m) => m.default),
  pacs: () => import('./pacs').then((m) => m.default),
  deid: () => import('./deid').then((m) => m.default),
};
