import { createCipheriv, createDecipheriv, createHash, randomBytes } from 'node:crypto';

const ALGORITHM = 'aes-256-gcm';
const KEY_BYTES = 32;
const IV_BYTES = 12;
const TAG_BYTES = 16;
/** Every encrypted value starts with this; the version leaves room for another format later. */
export const ENCRYPTED_PREFIX = 'enc:v1:';

/** A value that cannot be decrypted: an unknown key, a malformed value, or a failed authentication tag. */
export class DecryptionError extends Error {
  constructor(message: string, readonly keyId: string | null, options?: ErrorOptions) {
    super(message, options);
    this.name = 'DecryptionError';
  }
}

export interface EncryptionKey {
  /** Short public name of the key, stored with each value so rotation knows what to re-encrypt. */
  id: string;
  bytes: Buffer;
}

/** The first 8 hex digits of the key's sha256: enough to tell keys apart, useless to guess the key. */
export function computeKeyId(bytes: Buffer): string {
  return createHash('sha256').update(bytes).digest('hex').slice(0, 8);
}

/**
 * Reads a 32-byte key written as hex (64 digits), base64 or base64url (43 or
 * 44 characters). `source` names where it came from, for the error message.
 */
export function parseEncryptionKey(text: string, source: string): EncryptionKey {
  const trimmed = text.trim();
  let bytes: Buffer | undefined;
  if (/^[0-9a-fA-F]{64}$/.test(trimmed)) bytes = Buffer.from(trimmed, 'hex');
  // Node's base64 decoder reads the base64url alphabet too.
  else if (/^[A-Za-z0-9+/_-]{43}=?$/.test(trimmed)) bytes = Buffer.from(trimmed, 'base64');
  if (!bytes || bytes.length !== KEY_BYTES) {
    throw new Error(
      `${source} must be a 32-byte key written as 64 hex digits or as base64/base64url (43-44 characters); `
      + 'generate one with: node -e "console.log(require(\'node:crypto\').randomBytes(32).toString(\'base64url\'))"',
    );
  }
  return { id: computeKeyId(bytes), bytes };
}

export function generateEncryptionKey(): EncryptionKey {
  const bytes = randomBytes(KEY_BYTES);
  return { id: computeKeyId(bytes), bytes };
}

export function formatEncryptionKey(key: EncryptionKey): string {
  return key.bytes.toString('base64url');
}

/** The key id of an encrypted value, or null for anything else (legacy plain text). */
export function readKeyId(value: string): string | null {
  if (!value.startsWith(ENCRYPTED_PREFIX)) return null;
  const end = value.indexOf(':', ENCRYPTED_PREFIX.length);
  return end < 0 ? null : value.slice(ENCRYPTED_PREFIX.length, end);
}

export function isEncrypted(value: string): boolean {
  return value.startsWith(ENCRYPTED_PREFIX);
}

/** Random bytes drawn a page at a time; each IV takes the next 12, so none is used twice. */
const ivPool = { bytes: Buffer.alloc(0), offset: 0 };

function nextIv(): Buffer {
  if (ivPool.offset + IV_BYTES > ivPool.bytes.length) {
    ivPool.bytes = randomBytes(IV_BYTES * 512);
    ivPool.offset = 0;
  }
  ivPool.offset += IV_BYTES;
  return ivPool.bytes.subarray(ivPool.offset - IV_BYTES, ivPool.offset);
}

/**
 * AES-256-GCM with a random 12-byte IV per value. Encrypts with the current
 * key; decrypts with any key of the ring, so values written before a rotation
 * stay readable until `keys:rotate` has re-encrypted them.
 */
export class Keyring {
  private readonly byId = new Map<string, EncryptionKey>();

  constructor(readonly current: EncryptionKey, previous: readonly EncryptionKey[] = []) {
    for (const key of [current, ...previous]) {
      const known = this.byId.get(key.id);
      // Two different keys with one id would make values ambiguous; the same key twice is harmless.
      if (known && !known.bytes.equals(key.bytes)) throw new Error(`two encryption keys share the id ${key.id}; generate a new key`);
      this.byId.set(key.id, key);
    }
  }

  get currentKeyId(): string {
    return this.current.id;
  }

  get keyIds(): string[] {
    return [...this.byId.keys()];
  }

  hasKey(id: string): boolean {
    return this.byId.has(id);
  }

  encrypt(plaintext: string): string {
    const iv = nextIv();
    const cipher = createCipheriv(ALGORITHM, this.current.bytes, iv, { authTagLength: TAG_BYTES });
    const ciphertext = Buffer.concat([cipher.update(plaintext, 'utf8'), cipher.final()]);
    return `${ENCRYPTED_PREFIX}${this.current.id}:${iv.toString('base64url')}:${cipher.getAuthTag().toString('base64url')}:${ciphertext.toString('base64url')}`;
  }

  decrypt(value: string): string {
    if (!isEncrypted(value)) throw new DecryptionError('the value is not encrypted (it does not start with enc:v1:)', null);
    const parts = value.slice(ENCRYPTED_PREFIX.length).split(':');
    const [keyId, iv, tag, ciphertext] = parts;
    if (parts.length !== 4 || !keyId || iv === undefined || tag === undefined || ciphertext === undefined) {
      throw new DecryptionError('the encrypted value is malformed', keyId ?? null);
    }
    const key = this.byId.get(keyId);
    if (!key) {
      throw new DecryptionError(
        `the value was encrypted with key ${keyId}, which is not configured (known keys: ${this.keyIds.join(', ')}); `
        + 'add it to ENCRYPTION_PREVIOUS_KEYS (or DATA_DIR/encryption.previous-keys) to read it',
        keyId,
      );
    }
    try {
      const decipher = createDecipheriv(ALGORITHM, key.bytes, Buffer.from(iv, 'base64url'), { authTagLength: TAG_BYTES });
      decipher.setAuthTag(Buffer.from(tag, 'base64url'));
      return Buffer.concat([decipher.update(Buffer.from(ciphertext, 'base64url')), decipher.final()]).toString('utf8');
    } catch (error) {
      throw new DecryptionError(`the value encrypted with key ${keyId} failed authentication: it was altered or is corrupt`, keyId, { cause: error });
    }
  }
}
