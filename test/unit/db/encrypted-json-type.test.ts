import { beforeAll, describe, expect, it } from 'vitest';
import { generateEncryptionKey, Keyring, readKeyId } from '../../../server/src/infra/crypto/keyring.js';
import { installKeyring } from '../../../server/src/infra/crypto/process-keyring.js';
import { EncryptedJsonType, openJson, sealJson } from '../../../server/src/infra/db/encrypted-json.type.js';

/*
 * The ORM-facing contract: MikroORM writes what convertToDatabaseValue returns
 * and calls a property changed when compareValues says so. A database-backed
 * check of the same contract is in test/integration/security/encryption.test.ts.
 */
describe('EncryptedJsonType', () => {
  const key = generateEncryptionKey();
  beforeAll(() => installKeyring(new Keyring(key)));

  it.each([
    [{ customer: 'Ines Duarte', lines: [{ sku: 'A-1', qty: 2 }] }],
    [['a', 1, null, true]],
    ['plain string'],
    [42],
  ])('stores %j encrypted and reads it back', (value) => {
    const type = new EncryptedJsonType();
    const stored = type.convertToDatabaseValue(value) ?? '';
    expect(readKeyId(stored)).toBe(key.id);
    expect(stored).not.toContain('Ines');
    expect(type.convertToJSValue(stored)).toEqual(value);
  });

  it('shares its format with the plain-SQL path (sealJson / openJson) in both directions', () => {
    const type = new EncryptedJsonType();
    const value = { customer: 'Ines Duarte', amount: 64.9 };
    const sealed = sealJson(value) ?? '';
    expect(readKeyId(sealed)).toBe(key.id);
    expect(sealed).not.toContain('Ines');
    expect(type.convertToJSValue(sealed)).toEqual(value);
    expect(openJson(type.convertToDatabaseValue(value))).toEqual(value);
    expect(openJson('{"legacy":true}')).toEqual({ legacy: true });
    expect(sealJson(null)).toBeNull();
    expect(openJson(null)).toBeNull();
  });

  it('keeps null as null', () => {
    const type = new EncryptedJsonType();
    expect(type.convertToDatabaseValue(null)).toBeNull();
    expect(type.convertToDatabaseValue(undefined)).toBeNull();
    expect(type.convertToJSValue(null)).toBeNull();
  });

  it('gives back the stored text for a loaded value that did not change, and new text once it changes', () => {
    const type = new EncryptedJsonType();
    const stored = type.convertToDatabaseValue({ status: 'running', steps: { a: 1 } }) ?? '';
    const loaded = type.convertToJSValue(stored) as { status: string; steps: Record<string, number> };
    expect(type.convertToDatabaseValue(loaded)).toBe(stored);
    loaded.steps.b = 2;
    const changed = type.convertToDatabaseValue(loaded) ?? '';
    expect(changed).not.toBe(stored);
    expect(type.compareValues(stored, changed)).toBe(false);
    expect(type.convertToDatabaseValue(loaded)).toBe(changed);
  });

  it('compares two encryptions of the same JSON as equal', () => {
    const type = new EncryptedJsonType();
    const a = type.convertToDatabaseValue({ x: 1 }) ?? '';
    const b = type.convertToDatabaseValue({ x: 1 }) ?? '';
    expect(a).not.toBe(b);
    expect(type.compareValues(a, b)).toBe(true);
    expect(type.compareValues(a, type.convertToDatabaseValue({ x: 2 }))).toBe(false);
  });

  it('reads legacy plain JSON text, and counts it as changed so the next flush encrypts it', () => {
    const type = new EncryptedJsonType();
    const legacy = '{"amount": 40, "customer": "Ines"}';
    const loaded = type.convertToJSValue(legacy);
    expect(loaded).toEqual({ amount: 40, customer: 'Ines' });
    const next = type.convertToDatabaseValue(loaded) ?? '';
    expect(readKeyId(next)).toBe(key.id);
    expect(type.compareValues(legacy, next)).toBe(false);
  });
});
