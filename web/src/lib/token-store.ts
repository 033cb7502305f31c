/** The part of `Storage` the token store needs, so tests can pass a Map-backed one. */
export interface KeyValueStorage {
  getItem(key: string): string | null;
  setItem(key: string, value: string): void;
  removeItem(key: string): void;
}

export interface TokenStore {
  read(): string | null;
  write(token: string): void;
  clear(): void;
}

export const SESSION_TOKEN_KEY = 'docket.session-token';

/**
 * Keeps the session token across reloads. Storage can refuse (private
 * browsing, quota, disabled cookies); the session then lives in memory only
 * instead of failing the sign-in.
 */
export function createTokenStore(storage: KeyValueStorage | undefined, key: string = SESSION_TOKEN_KEY): TokenStore {
  let memory: string | null = null;

  function attempt<T>(operation: (s: KeyValueStorage) => T): T | undefined {
    if (!storage) return undefined;
    try {
      return operation(storage);
    } catch {
      return undefined;
    }
  }

  return {
    read() {
      const stored = attempt((s) => s.getItem(key));
      return stored ?? memory;
    },
    write(token) {
      memory = token;
      attempt((s) => s.setItem(key, token));
    },
    clear() {
      memory = null;
      attempt((s) => s.removeItem(key));
    },
  };
}
