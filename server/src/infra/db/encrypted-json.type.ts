import { Type, type EntityMetadata, type EntityProperty, type Platform } from '@mikro-orm/core';
import { isEncrypted } from '../crypto/keyring.js';
import { currentKeyring } from '../crypto/process-keyring.js';

/** A JSON value as an encrypted column stores it (null stays null). */
export function sealJson(value: unknown): string | null {
  return value === null || value === undefined ? null : currentKeyring().encrypt(JSON.stringify(value));
}

/** An encrypted column's text back to its value; legacy plain JSON text reads as JSON. */
export function openJson(stored: string | null): unknown {
  if (stored === null) return null;
  return JSON.parse(plainJson(stored)) as unknown;
}

function plainJson(stored: string): string {
  return isEncrypted(stored) ? currentKeyring().decrypt(stored) : stored;
}

interface Sealed {
  json: string;
  stored: string;
}

/**
 * JSON kept encrypted in a `text` column (`enc:v1:<keyId>:…`, see keyring.ts),
 * decrypted when an entity loads. The keyring comes from process-keyring.ts
 * because MikroORM builds this type itself, without arguments.
 *
 * Change detection: MikroORM snapshots an entity by calling
 * convertToDatabaseValue and compares snapshots; the snapshot is also what an
 * INSERT or UPDATE writes. A random IV makes every encryption differ, so a
 * naive type would rewrite every loaded row at every flush. Two things prevent
 * that:
 * - each object value remembers the JSON and the stored text it was last
 *   loaded or encrypted as (a WeakMap, so it dies with the entity); while its
 *   JSON is unchanged the same stored text comes back, and the snapshots are
 *   equal as strings;
 * - compareValues decrypts two different stored texts and compares the JSON,
 *   for primitives and values changed and changed back.
 * ensureComparable is off, so a loaded row's snapshot is the stored text
 * itself rather than a fresh encryption of it.
 *
 * Legacy plain JSON text (columns converted from jsonb) reads as JSON, and
 * counts as changed at the next flush of its entity, so it gets encrypted.
 */
export class EncryptedJsonType extends Type<unknown, string | null> {
  private readonly sealed = new WeakMap<object, Sealed>();

  override convertToDatabaseValue(value: unknown): string | null {
    if (value === null || value === undefined) return null;
    const json = JSON.stringify(value);
    const remembered = typeof value === 'object' ? this.sealed.get(value) : undefined;
    if (remembered && remembered.json === json && isEncrypted(remembered.stored)) return remembered.stored;
    const stored = currentKeyring().encrypt(json);
    if (typeof value === 'object') this.sealed.set(value, { json, stored });
    return stored;
  }

  override convertToJSValue(value: string | null): unknown {
    // Values handed in already parsed (em.create data, or a jsonb column not yet migrated) pass through.
    if (typeof value !== 'string') return value;
    const json = plainJson(value);
    const parsed = JSON.parse(json) as unknown;
    if (typeof parsed === 'object' && parsed !== null) this.sealed.set(parsed, { json, stored: value });
    return parsed;
  }

  override compareValues(a: string | null, b: string | null): boolean {
    if (a === b) return true;
    if (typeof a !== 'string' || typeof b !== 'string' || !isEncrypted(a) || !isEncrypted(b)) return false;
    const keyring = currentKeyring();
    return keyring.decrypt(a) === keyring.decrypt(b);
  }

  override ensureComparable<T extends object>(_meta: EntityMetadata<T>, _prop: EntityProperty<T>): boolean {
    return false;
  }

  override compareAsType(): string {
    return 'string';
  }

  override get runtimeType(): string {
    return 'any';
  }

  override getColumnType(_prop: EntityProperty, _platform: Platform): string {
    return 'text';
  }
}
