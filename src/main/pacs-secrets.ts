// PACS logins in the desktop app: encrypted with Electron's safeStorage (the OS keychain: Keychain,
// DPAPI, libsecret/kwallet), kept as ciphertext in <userData>/pacs-secrets.json (mode 0600), never
// in the settings file and never sent to the renderer. Without an OS keychain (on Linux also when
// safeStorage would only obfuscate: the 'basic_text' backend) nothing is stored and logins come
// from the environment, as on the web host.
import { safeStorage } from 'electron';
import { promises as fs } from 'node:fs';
import { envSecretStore, type SecretStore, type StoredSecret } from '../services/pacs/credentials';
import { atomicWriteFile } from '../services/documents/atomic-write';
import { keychainUsable } from './secret-backend';

function selectedBackend(): string | undefined {
  // Linux only (and only after ready, which is when the store is made).
  return process.platform === 'linux' && typeof safeStorage.getSelectedStorageBackend === 'function'
    ? safeStorage.getSelectedStorageBackend()
    : undefined;
}

export function keychainSecretStore(file: string): SecretStore {
  if (!keychainUsable(process.platform, safeStorage.isEncryptionAvailable(), selectedBackend())) return envSecretStore();
  const read = async (): Promise<Record<string, string>> => {
    try {
      const v = JSON.parse(await fs.readFile(file, 'utf8')) as unknown;
      return v && typeof v === 'object' ? (v as Record<string, string>) : {};
    } catch {
      return {};
    }
  };
  return {
    canStore: true,
    async get(id) {
      const b64 = (await read())[id];
      if (typeof b64 !== 'string') return null;
      try {
        return JSON.parse(safeStorage.decryptString(Buffer.from(b64, 'base64'))) as StoredSecret;
      } catch {
        return null; // written under another OS account or keychain: ask again
      }
    },
    async set(id, secret) {
      const all = await read();
      if (secret) all[id] = safeStorage.encryptString(JSON.stringify(secret)).toString('base64');
      else delete all[id];
      await atomicWriteFile(file, JSON.stringify(all));
      await fs.chmod(file, 0o600);
    },
  };
}
