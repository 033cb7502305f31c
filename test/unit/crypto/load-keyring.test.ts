import { chmodSync, existsSync, mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { Writable } from 'node:stream';
import { pino } from 'pino';
import { afterEach, describe, expect, it } from 'vitest';
import { formatEncryptionKey, generateEncryptionKey, type Keyring } from '../../../server/src/infra/crypto/keyring.js';
import { loadKeyring, readOrCreateKeyFile, rotateKeyFile, type KeySettings } from '../../../server/src/infra/crypto/load-keyring.js';

const dirs: string[] = [];
function tempDataDir(): string {
  const dir = mkdtempSync(path.join(tmpdir(), 'docket-keys-'));
  dirs.push(dir);
  return path.join(dir, 'data');
}
afterEach(() => {
  for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true });
});

function settings(dataDir: string, overrides: Partial<KeySettings> = {}): KeySettings {
  return { encryptionKey: undefined, encryptionPreviousKeys: [], databaseUrl: undefined, production: false, dataDir, ...overrides };
}

function capturingLogger() {
  const lines: Array<Record<string, unknown>> = [];
  const stream = new Writable({ write(chunk: Buffer, _encoding, done) { lines.push(JSON.parse(chunk.toString()) as Record<string, unknown>); done(); } });
  return { logger: pino({ level: 'warn' }, stream), lines };
}

const mode = (file: string) => statSync(file).mode & 0o777;

describe('loadKeyring', () => {
  it('generates a key into DATA_DIR with mode 0600 in embedded mode, and reuses it on the next start', () => {
    const dataDir = tempDataDir();
    const first = loadKeyring(settings(dataDir));
    const file = path.join(dataDir, 'encryption.key');
    expect(first).toMatchObject({ source: 'file', generated: true });
    expect(mode(file)).toBe(0o600);
    expect(mode(dataDir)).toBe(0o700);
    const second = loadKeyring(settings(dataDir));
    expect(second).toMatchObject({ source: 'file', generated: false });
    expect(second.keyring.currentKeyId).toBe(first.keyring.currentKeyId);
  });

  it('uses ENCRYPTION_KEY when set and writes no file', () => {
    const dataDir = tempDataDir();
    const key = generateEncryptionKey();
    const previous = generateEncryptionKey();
    const loaded = loadKeyring(settings(dataDir, { encryptionKey: formatEncryptionKey(key), encryptionPreviousKeys: [previous.bytes.toString('hex')] }));
    expect(loaded.source).toBe('env');
    expect(loaded.keyring.keyIds).toEqual([key.id, previous.id]);
    expect(existsSync(dataDir)).toBe(false);
  });

  it.each([
    ['ENCRYPTION_KEY', { encryptionKey: 'too-short' }, /^ENCRYPTION_KEY must be a 32-byte key/],
    ['ENCRYPTION_PREVIOUS_KEYS', { encryptionKey: formatEncryptionKey(generateEncryptionKey()), encryptionPreviousKeys: ['nope'] }, /^ENCRYPTION_PREVIOUS_KEYS item 1 must be a 32-byte key/],
  ])('refuses a malformed %s with a clear message', (_, overrides, message) => {
    expect(() => loadKeyring(settings(tempDataDir(), overrides))).toThrow(message);
  });

  it('refuses to start in production on PostgreSQL without ENCRYPTION_KEY', () => {
    const dataDir = tempDataDir();
    expect(() => loadKeyring(settings(dataDir, { databaseUrl: 'postgres://db/docket', production: true })))
      .toThrow(/ENCRYPTION_KEY is required in production with DATABASE_URL/);
    expect(existsSync(dataDir)).toBe(false);
  });

  it('outside production on PostgreSQL, falls back to the DATA_DIR key with a warning', () => {
    const { logger, lines } = capturingLogger();
    const loaded = loadKeyring(settings(tempDataDir(), { databaseUrl: 'postgres://db/docket' }), logger);
    expect(loaded.source).toBe('file');
    expect(lines.map((l) => l.msg)).toContainEqual(expect.stringMatching(/set ENCRYPTION_KEY in production/));
  });

  it('fixes a key file readable by others to 0600 and warns that the key may be exposed', () => {
    const dataDir = tempDataDir();
    const { keyring } = loadKeyring(settings(dataDir));
    const file = path.join(dataDir, 'encryption.key');
    chmodSync(file, 0o644);
    const { logger, lines } = capturingLogger();
    expect(loadKeyring(settings(dataDir), logger).keyring.currentKeyId).toBe(keyring.currentKeyId);
    expect(mode(file)).toBe(0o600);
    expect(lines).toContainEqual(expect.objectContaining({ file, mode: '644', msg: expect.stringMatching(/set to 0600.*rotate/) }));
  });

  it('refuses a key file that does not hold a key, naming the file', () => {
    const dataDir = tempDataDir();
    loadKeyring(settings(dataDir));
    const file = path.join(dataDir, 'encryption.key');
    writeFileSync(file, 'hello\n');
    expect(() => loadKeyring(settings(dataDir))).toThrow(`${file} must be a 32-byte key`);
  });

  it('creates the key once; later callers read that key instead of making another', () => {
    const dataDir = tempDataDir();
    const ids = Array.from({ length: 5 }, () => readOrCreateKeyFile(dataDir).key.id);
    expect(new Set(ids).size).toBe(1);
    expect(readFileSync(path.join(dataDir, 'encryption.key'), 'utf8').trim()).toHaveLength(43);
  });
});

describe('rotateKeyFile', () => {
  it('makes a new current key and keeps every older one readable', () => {
    const dataDir = tempDataDir();
    const first = loadKeyring(settings(dataDir)).keyring;
    const written = first.encrypt('{"v":1}');
    const one = rotateKeyFile(dataDir);
    const two = rotateKeyFile(dataDir);
    expect(one.previous.id).toBe(first.currentKeyId);
    expect(two.previous.id).toBe(one.current.id);
    const ring: Keyring = loadKeyring(settings(dataDir)).keyring;
    expect(ring.currentKeyId).toBe(two.current.id);
    expect(ring.keyIds).toEqual([two.current.id, first.currentKeyId, one.current.id]);
    expect(ring.decrypt(written)).toBe('{"v":1}');
    expect(mode(path.join(dataDir, 'encryption.key'))).toBe(0o600);
    expect(mode(path.join(dataDir, 'encryption.previous-keys'))).toBe(0o600);
  });

  it('has nothing to rotate before the first start', () => {
    expect(() => rotateKeyFile(tempDataDir())).toThrow(/no .*encryption.key to rotate/);
  });
});
