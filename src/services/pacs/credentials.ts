// Where a PACS login comes from. The desktop app keeps it in the OS keychain (Electron safeStorage,
// src/main/pacs-secrets.ts); the web host and the CLI read it from the environment, so a secret is
// never in a settings file, a URL or a command line.
import type { PacsAuth } from './http';
import { PacsError } from './errors';

export type AuthKind = 'none' | 'basic' | 'bearer';

/** MEDFIG_PACS_TOKEN → bearer; MEDFIG_PACS_USER + MEDFIG_PACS_PASSWORD → basic; else none. */
export function authFromEnv(env: NodeJS.ProcessEnv = process.env, want?: AuthKind): PacsAuth {
  const token = env.MEDFIG_PACS_TOKEN;
  const user = env.MEDFIG_PACS_USER;
  const password = env.MEDFIG_PACS_PASSWORD;
  if (want === 'none') return { kind: 'none' };
  if ((want === undefined || want === 'bearer') && token) return { kind: 'bearer', token };
  if ((want === undefined || want === 'basic') && user && password !== undefined) return { kind: 'basic', user, password };
  if (want === 'bearer') throw new PacsError('auth', 'this connection uses a token: set MEDFIG_PACS_TOKEN for the web host');
  if (want === 'basic')
    throw new PacsError('auth', 'this connection needs a login: set MEDFIG_PACS_USER and MEDFIG_PACS_PASSWORD for the web host');
  return { kind: 'none' };
}

/** A login as the keychain stores it (one per connection). */
export interface StoredSecret {
  user?: string;
  password?: string;
  token?: string;
}

/** Host-specific keeping of secrets; the renderer can set one but never read it back. */
export interface SecretStore {
  /** Whether set() works on this host (Electron with an OS keychain); else secrets come from env. */
  readonly canStore: boolean;
  get(connectionId: string): Promise<StoredSecret | null>;
  set(connectionId: string, secret: StoredSecret | null): Promise<void>;
}

/** The web host's store: the environment only, nothing kept. */
export function envSecretStore(env: NodeJS.ProcessEnv = process.env): SecretStore {
  return {
    canStore: false,
    async get() {
      const e = env;
      if (!e.MEDFIG_PACS_TOKEN && !e.MEDFIG_PACS_USER) return null;
      return { user: e.MEDFIG_PACS_USER, password: e.MEDFIG_PACS_PASSWORD, token: e.MEDFIG_PACS_TOKEN };
    },
    async set() {
      throw new PacsError(
        'bad-input',
        'this host keeps no PACS passwords: start it with MEDFIG_PACS_USER/MEDFIG_PACS_PASSWORD or MEDFIG_PACS_TOKEN set',
      );
    },
  };
}

/** The auth a connection of `kind` uses, from a stored secret. */
export function authFromSecret(kind: AuthKind, secret: StoredSecret | null, connectionName: string): PacsAuth {
  if (kind === 'none') return { kind: 'none' };
  if (kind === 'bearer') {
    if (!secret?.token) throw new PacsError('auth', `${connectionName}: no token stored for this connection`);
    return { kind: 'bearer', token: secret.token };
  }
  if (!secret?.user || secret.password === undefined)
    throw new PacsError('auth', `${connectionName}: no user name and password stored for this connection`);
  return { kind: 'basic', user: secret.user, password: secret.password };
}
