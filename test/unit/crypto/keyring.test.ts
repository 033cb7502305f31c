import { createHash, randomBytes } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import {
  computeKeyId, DecryptionError, formatEncryptionKey, generateEncryptionKey, Keyring, parseEncryptionKey, readKeyId,
} from '../../../server/src/infra/crypto/keyring.js';

const bytes = Buffer.from('000102030405060708090a0b0c0d0e0f101112131415161718191a1b1c1d1e1f', 'hex');
const FORMAT = /^enc:v1:([0-9a-f]{8}):([A-Za-z0-9_-]{16}):([A-Za-z0-9_-]{22}):([A-Za-z0-9_-]*)$/;

describe('parseEncryptionKey', () => {
  it.each([
    ['hex', bytes.toString('hex')],
    ['upper-case hex', bytes.toString('hex').toUpperCase()],
    ['base64 with padding', bytes.toString('base64')],
    ['base64url without padding', bytes.toString('base64url')],
    ['surrounding whitespace', `  ${bytes.toString('base64url')}\n`],
  ])('reads a 32-byte key written as %s', (_, text) => {
    const key = parseEncryptionKey(text, 'ENCRYPTION_KEY');
    expect(key.bytes.equals(bytes)).toBe(true);
  });

  it.each([
    ['empty', ''],
    ['a passphrase', 'correct horse battery staple'],
    ['16 bytes of hex', randomBytes(16).toString('hex')],
    ['33 bytes of hex', randomBytes(33).toString('hex')],
    ['24 bytes of base64', randomBytes(24).toString('base64')],
    ['48 bytes of base64', randomBytes(48).toString('base64')],
  ])('refuses %s, naming the setting and how to make a key', (_, text) => {
    expect(() => parseEncryptionKey(text, 'ENCRYPTION_KEY')).toThrow(/^ENCRYPTION_KEY must be a 32-byte key.*randomBytes\(32\)/);
  });

  it('names a key by the first 8 hex digits of its sha256', () => {
    const id = createHash('sha256').update(bytes).digest('hex').slice(0, 8);
    expect(computeKeyId(bytes)).toBe(id);
    expect(parseEncryptionKey(bytes.toString('hex'), 'k').id).toBe(id);
  });

  it('writes generated keys in a form it reads back', () => {
    const key = generateEncryptionKey();
    expect(parseEncryptionKey(formatEncryptionKey(key), 'file')).toEqual(key);
  });
});

describe('Keyring', () => {
  const oldKey = generateEncryptionKey();
  const newKey = generateEncryptionKey();

  it.each([
    ['an object', JSON.stringify({ customer: 'Ines Duarte', amount: 40.5 })],
    ['non-ASCII text', '{"name":"Zoë Åberg — 東京"}'],
    ['an empty string', ''],
    ['a large document', JSON.stringify({ lines: Array.from({ length: 5000 }, (_, i) => ({ i, text: 'x'.repeat(20) })) })],
  ])('round-trips %s in the enc:v1 format with the current key id', (_, plaintext) => {
    const ring = new Keyring(newKey);
    const value = ring.encrypt(plaintext);
    const match = FORMAT.exec(value);
    expect(match?.[1]).toBe(newKey.id);
    expect(readKeyId(value)).toBe(newKey.id);
    expect(ring.decrypt(value)).toBe(plaintext);
  });

  it('uses a fresh IV for every value, so equal plaintexts do not look equal', () => {
    const ring = new Keyring(newKey);
    // More values than one page of pooled random bytes holds, so the pool refills in between.
    const values = Array.from({ length: 1500 }, () => ring.encrypt('same'));
    const ivs = new Set(values.map((value) => FORMAT.exec(value)?.[2]));
    expect(ivs.size).toBe(1500);
    expect(new Set(values).size).toBe(1500);
    expect(values.every((value) => ring.decrypt(value) === 'same')).toBe(true);
  });

  it('encrypts with the current key and decrypts values of previous keys', () => {
    const before = new Keyring(oldKey).encrypt('written before the rotation');
    const ring = new Keyring(newKey, [oldKey]);
    expect(ring.decrypt(before)).toBe('written before the rotation');
    expect(readKeyId(ring.encrypt('after'))).toBe(newKey.id);
    expect(ring.keyIds).toEqual([newKey.id, oldKey.id]);
  });

  it('names the key id when a value was encrypted with a key it does not have', () => {
    const stray = new Keyring(oldKey).encrypt('secret');
    const ring = new Keyring(newKey);
    expect(() => ring.decrypt(stray)).toThrow(DecryptionError);
    expect(() => ring.decrypt(stray)).toThrow(new RegExp(`encrypted with key ${oldKey.id}, which is not configured.*ENCRYPTION_PREVIOUS_KEYS`));
  });

  it.each([
    ['a flipped ciphertext byte', (v: string) => {
      const parts = v.split(':');
      const body = Buffer.from(parts[5] ?? '', 'base64url');
      body[0] = (body[0] ?? 0) ^ 1;
      return [...parts.slice(0, 5), body.toString('base64url')].join(':');
    }, /failed authentication/],
    ['a replaced tag', (v: string) => v.split(':').map((p, i) => (i === 4 ? randomBytes(16).toString('base64url') : p)).join(':'), /failed authentication/],
    ['a missing part', (v: string) => v.split(':').slice(0, 5).join(':'), /malformed/],
    ['no prefix', () => '{"plain":"json"}', /not encrypted/],
  ])('refuses a value with %s instead of returning garbage', (_, alter, message) => {
    const ring = new Keyring(newKey);
    expect(() => ring.decrypt(alter(ring.encrypt('{"amount":40}')))).toThrow(message);
  });

  it('accepts the same key twice in a ring', () => {
    expect(new Keyring(newKey, [newKey, oldKey]).keyIds).toEqual([newKey.id, oldKey.id]);
  });

  it('reads no key id from text that is not encrypted', () => {
    expect(readKeyId('{"a":1}')).toBeNull();
  });
});
