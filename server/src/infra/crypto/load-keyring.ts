import { chmodSync, existsSync, linkSync, mkdirSync, readFileSync, renameSync, statSync, unlinkSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import type { Logger } from '../logging/logger.js';
import { formatEncryptionKey, generateEncryptionKey, Keyring, parseEncryptionKey, type EncryptionKey } from './keyring.js';

export const KEY_FILE = 'encryption.key';
export const PREVIOUS_KEYS_FILE = 'encryption.previous-keys';

export interface KeySettings {
  /** ENCRYPTION_KEY */
  encryptionKey: string | undefined;
  /** ENCRYPTION_PREVIOUS_KEYS */
  encryptionPreviousKeys: readonly string[];
  databaseUrl: string | undefined;
  production: boolean;
  dataDir: string;
}

export interface LoadedKeyring {
  keyring: Keyring;
  /** env: ENCRYPTION_KEY; file: DATA_DIR/encryption.key. */
  source: 'env' | 'file';
  /** True when this call created the key file. */
  generated: boolean;
}

/**
 * The keyring this installation uses. ENCRYPTION_KEY wins. Without it, the
 * key lives in DATA_DIR/encryption.key (0600), created on first start: always
 * in embedded mode, and with DATABASE_URL outside production. A production
 * server on PostgreSQL refuses to start without ENCRYPTION_KEY, because a key
 * generated on one machine's disk would leave every other worker unable to
 * read the data.
 */
export function loadKeyring(settings: KeySettings, logger?: Logger): LoadedKeyring {
  const previousFromEnv = settings.encryptionPreviousKeys.map((text, i) => parseEncryptionKey(text, `ENCRYPTION_PREVIOUS_KEYS item ${i + 1}`));
  if (settings.encryptionKey !== undefined) {
    const current = parseEncryptionKey(settings.encryptionKey, 'ENCRYPTION_KEY');
    return { keyring: new Keyring(current, previousFromEnv), source: 'env', generated: false };
  }
  if (settings.databaseUrl !== undefined && settings.production) {
    throw new Error(
      'ENCRYPTION_KEY is required in production with DATABASE_URL: every server and worker must share the same key. '
      + 'Generate one with: node -e "console.log(require(\'node:crypto\').randomBytes(32).toString(\'base64url\'))"',
    );
  }
  const { key, generated } = readOrCreateKeyFile(settings.dataDir, logger);
  if (generated) logger?.warn({ file: path.join(settings.dataDir, KEY_FILE) }, 'generated an encryption key: back it up with the data, without it the data cannot be read');
  if (settings.databaseUrl !== undefined) logger?.warn('ENCRYPTION_KEY is not set: using the key in DATA_DIR, which other machines do not have; set ENCRYPTION_KEY in production');
  const previous = [...readPreviousKeysFile(settings.dataDir, logger), ...previousFromEnv];
  return { keyring: new Keyring(key, previous), source: 'file', generated };
}

/** Reads DATA_DIR/encryption.key, creating it (0600, directory 0700) when absent. */
export function readOrCreateKeyFile(dataDir: string, logger?: Logger): { key: EncryptionKey; generated: boolean } {
  const file = path.join(dataDir, KEY_FILE);
  if (existsSync(file)) return { key: readKeyFile(file, logger), generated: false };
  mkdirSync(dataDir, { recursive: true, mode: 0o700 });
  const key = generateEncryptionKey();
  const temporary = writePrivateTemporary(file, `${formatEncryptionKey(key)}\n`);
  try {
    // link fails if another process created the file first: then both use that one.
    linkSync(temporary, file);
    return { key, generated: true };
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
    return { key: readKeyFile(file, logger), generated: false };
  } finally {
    unlinkSync(temporary);
  }
}

/**
 * Embedded rotation: a new key becomes DATA_DIR/encryption.key and the old one
 * is appended to DATA_DIR/encryption.previous-keys. The previous-keys file is
 * written first, so an interruption between the two writes loses no key.
 */
export function rotateKeyFile(dataDir: string, logger?: Logger): { previous: EncryptionKey; current: EncryptionKey } {
  const file = path.join(dataDir, KEY_FILE);
  if (!existsSync(file)) throw new Error(`there is no ${file} to rotate; start Docket once to create it`);
  const previous = readKeyFile(file, logger);
  const kept = readPreviousKeysFile(dataDir, logger);
  const lines = [...kept, previous].filter((key, i, all) => all.findIndex((k) => k.id === key.id) === i).map((key) => `${formatEncryptionKey(key)}\n`);
  replacePrivateFile(path.join(dataDir, PREVIOUS_KEYS_FILE), lines.join(''));
  const current = generateEncryptionKey();
  replacePrivateFile(file, `${formatEncryptionKey(current)}\n`);
  return { previous, current };
}

function readKeyFile(file: string, logger?: Logger): EncryptionKey {
  tightenPermissions(file, logger);
  return parseEncryptionKey(readFileSync(file, 'utf8'), file);
}

function readPreviousKeysFile(dataDir: string, logger?: Logger): EncryptionKey[] {
  const file = path.join(dataDir, PREVIOUS_KEYS_FILE);
  if (!existsSync(file)) return [];
  tightenPermissions(file, logger);
  return readFileSync(file, 'utf8').split('\n').map((line) => line.trim())
    .filter((line) => line !== '' && !line.startsWith('#'))
    .map((line, i) => parseEncryptionKey(line, `${file} line ${i + 1}`));
}

/**
 * A key file readable or writable by others is fixed to 0600 with a warning
 * rather than refused: refusing would not undo an exposure, and would turn a
 * restored backup with loose permissions into an outage. The warning says
 * to consider the key exposed.
 */
function tightenPermissions(file: string, logger?: Logger): void {
  if (process.platform === 'win32') return;
  const mode = statSync(file).mode & 0o777;
  if ((mode & 0o077) === 0) return;
  chmodSync(file, 0o600);
  logger?.warn({ file, mode: mode.toString(8) }, 'encryption key file was accessible to other users; permissions set to 0600 (rotate the key if others may have read it)');
}

function writePrivateTemporary(file: string, text: string): string {
  const temporary = `${file}.${process.pid}.${Date.now()}.tmp`;
  writeFileSync(temporary, text, { mode: 0o600, flag: 'wx' });
  // The process umask cannot widen 0600, but an unusual one could narrow it to unreadable.
  chmodSync(temporary, 0o600);
  return temporary;
}

function replacePrivateFile(file: string, text: string): void {
  mkdirSync(path.dirname(file), { recursive: true, mode: 0o700 });
  renameSync(writePrivateTemporary(file, text), file);
}
