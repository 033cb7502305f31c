import { describe, expect, it } from 'vitest';
import { getApiKeyState, toExpiryInstant } from '../../../web/src/lib/api-key-state.js';
import { formatDateTime } from '../../../web/src/lib/format-date.js';
import { resolveRedirect } from '../../../web/src/lib/redirect.js';
import { createTokenStore, type KeyValueStorage } from '../../../web/src/lib/token-store.js';

function mapStorage(): KeyValueStorage & { entries: Map<string, string> } {
  const entries = new Map<string, string>();
  return {
    entries,
    getItem: (key) => entries.get(key) ?? null,
    setItem: (key, value) => void entries.set(key, value),
    removeItem: (key) => void entries.delete(key),
  };
}

const refusingStorage: KeyValueStorage = {
  getItem: () => { throw new Error('SecurityError'); },
  setItem: () => { throw new Error('QuotaExceededError'); },
  removeItem: () => { throw new Error('SecurityError'); },
};

describe('createTokenStore', () => {
  it('writes, reads and clears the token in storage', () => {
    const storage = mapStorage();
    const store = createTokenStore(storage, 'k');
    expect(store.read()).toBeNull();
    store.write('dks_1');
    expect(storage.entries.get('k')).toBe('dks_1');
    expect(createTokenStore(storage, 'k').read()).toBe('dks_1');
    store.clear();
    expect(store.read()).toBeNull();
    expect(storage.entries.has('k')).toBe(false);
  });

  it.each([['no storage', undefined], ['refusing storage', refusingStorage]])('keeps the token in memory with %s', (_name, storage) => {
    const store = createTokenStore(storage);
    store.write('dks_2');
    expect(store.read()).toBe('dks_2');
    store.clear();
    expect(store.read()).toBeNull();
  });
});

describe('resolveRedirect', () => {
  it.each([
    [undefined, '/'],
    ['/api-keys', '/api-keys'],
    ['/api-keys?tab=all#top', '/api-keys?tab=all#top'],
    [['/api-keys', '/other'], '/api-keys'],
    ['https://evil.example/', '/'],
    ['//evil.example/', '/'],
    ['/\\evil.example', '/'],
    ['javascript:alert(1)', '/'],
    ['/sign-in', '/'],
    ['/sign-in?redirect=/x', '/'],
    ['/a\nb', '/'],
    [42, '/'],
  ])('%o → %s', (raw, expected) => {
    expect(resolveRedirect(raw)).toBe(expected);
  });
});

describe('getApiKeyState', () => {
  const now = new Date('2026-03-01T12:00:00Z');
  it.each([
    [{}, 'active'],
    [{ revokedAt: null, expiresAt: null }, 'active'],
    [{ expiresAt: '2026-03-02T00:00:00Z' }, 'active'],
    [{ expiresAt: '2026-03-01T12:00:00Z' }, 'expired'],
    [{ revokedAt: '2026-02-01T00:00:00Z' }, 'revoked'],
    [{ revokedAt: '2026-02-01T00:00:00Z', expiresAt: '2026-01-01T00:00:00Z' }, 'revoked'],
  ])('%o → %s', (key, state) => {
    expect(getApiKeyState(key, now)).toBe(state);
  });
});

describe('toExpiryInstant', () => {
  it.each([
    ['2026-03-03', 0, '2026-03-03T23:59:59.999Z'],
    // UTC+2 (offset -120): the day ends two hours before midnight UTC.
    ['2026-03-03', -120, '2026-03-03T21:59:59.999Z'],
    // UTC-5 (offset 300).
    ['2026-03-03', 300, '2026-03-04T04:59:59.999Z'],
    ['2026-02-30', 0, null],
    ['03/03/2026', 0, null],
    ['', 0, null],
  ])('%s at offset %i → %s', (date, offset, expected) => {
    expect(toExpiryInstant(date, offset)).toBe(expected);
  });
});

describe('formatDateTime', () => {
  it.each([
    [null, '—'],
    [undefined, '—'],
    ['not a date', '—'],
    ['2026-03-03T09:05:00Z', 'Mar 3, 2026, 9:05 AM'],
  ])('%o → %s', (iso, expected) => {
    expect(formatDateTime(iso, { locale: 'en-US', timeZone: 'UTC' }).replace(/\u202f/g, ' ')).toBe(expected);
  });
});
