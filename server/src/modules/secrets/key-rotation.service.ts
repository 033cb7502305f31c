import type { EntityManager } from '@mikro-orm/postgresql';
import { ENCRYPTED_PREFIX, isEncrypted, type Keyring } from '../../infra/crypto/keyring.js';
import { EncryptedJsonType } from '../../infra/db/encrypted-json.type.js';
import type { Database } from '../../infra/db/orm.js';
import { appendAuditEvent } from '../audit/audit.service.js';
import type { Actor } from '../auth/actor.js';
import { Secret } from './secret.entity.js';

/** The encrypted columns of one table. */
export interface EncryptedColumns {
  table: string;
  idColumn: string;
  columns: string[];
  /** json: legacy plain JSON text may be found and is encrypted too; text: values are always encrypted. */
  format: 'json' | 'text';
  /** A column that repeats the key id, kept in step with the value. */
  keyIdColumn?: string;
}

export interface TableRotation {
  table: string;
  /** Rows rewritten under the current key. */
  rows: number;
  /** Values re-encrypted (a row may hold several). */
  values: number;
}

export interface RotationReport {
  keyId: string;
  tables: TableRotation[];
}

/**
 * Every encrypted column: the ORM metadata names the EncryptedJsonType ones,
 * so an entity that adopts the type is rotated without a change here.
 */
export function listEncryptedColumns(db: Database): EncryptedColumns[] {
  const sets: EncryptedColumns[] = [];
  for (const meta of Object.values(db.orm.getMetadata().getAll())) {
    const columns = meta.props.filter((prop) => prop.customType instanceof EncryptedJsonType).flatMap((prop) => prop.fieldNames);
    const id = meta.getPrimaryProps()[0]?.fieldNames[0];
    if (columns.length > 0 && id) sets.push({ table: meta.tableName, idColumn: id, columns, format: 'json' });
  }
  const secrets = db.orm.getMetadata().get(Secret.name);
  sets.push({ table: secrets.tableName, idColumn: 'id', columns: ['value'], format: 'text', keyIdColumn: 'key_id' });
  return sets.sort((a, b) => a.table.localeCompare(b.table));
}

/**
 * Re-encrypts every value not yet under the keyring's current key, in batches,
 * each batch one transaction holding its rows' locks (a server writing the same
 * row waits instead of having its write overwritten with older content). Values
 * already under the current key are skipped by the query itself, so running it
 * again after an interruption finishes the job and then finds nothing to do.
 */
export async function rotateEncryptedData(db: Database, keyring: Keyring, actor: Actor, options: { batchSize?: number } = {}): Promise<RotationReport> {
  const batchSize = options.batchSize ?? 200;
  const tables: TableRotation[] = [];
  for (const set of listEncryptedColumns(db)) tables.push(await rotateTable(db, keyring, set, batchSize));
  const report = { keyId: keyring.currentKeyId, tables };
  await db.em().transactional(async (tx) => {
    await appendAuditEvent(tx, actor, {
      action: 'keys.rotated', subjectType: 'EncryptionKey', subjectId: keyring.currentKeyId,
      after: { keyId: keyring.currentKeyId, knownKeyIds: keyring.keyIds, tables },
    });
  });
  return report;
}

async function rotateTable(db: Database, keyring: Keyring, set: EncryptedColumns, batchSize: number): Promise<TableRotation> {
  const result: TableRotation = { table: set.table, rows: 0, values: 0 };
  const current = `${ENCRYPTED_PREFIX}${keyring.currentKeyId}:%`;
  const q = (name: string) => `"${name.replaceAll('"', '""')}"`;
  const stale = set.columns.map((c) => `(${q(c)} is not null and ${q(c)} not like ?)`).join(' or ');
  const select = `select ${[set.idColumn, ...set.columns].map(q).join(', ')} from ${q(set.table)} `
    + `where ${q(set.idColumn)} > ? and (${stale}) order by ${q(set.idColumn)} limit ? for update`;
  const assignments = [...set.columns, ...(set.keyIdColumn ? [set.keyIdColumn] : [])].map((c) => `${q(c)} = ?`).join(', ');
  const update = `update ${q(set.table)} set ${assignments} where ${q(set.idColumn)} = ?`;
  // uuids compare above the nil uuid; keyset paging keeps each batch's query cheap.
  let after = '00000000-0000-0000-0000-000000000000';
  for (;;) {
    const done = await db.em().transactional(async (tx: EntityManager) => {
      const connection = tx.getConnection();
      const context = tx.getTransactionContext();
      const rows = await connection.execute<Array<Record<string, string | null>>>(
        select, [after, ...set.columns.map(() => current), batchSize], 'all', context,
      );
      for (const row of rows) {
        const values = set.columns.map((column) => reencrypt(keyring, row[column] ?? null, set.format, `${set.table}.${column} of row ${String(row[set.idColumn])}`));
        result.values += values.filter((value, i) => value !== (row[set.columns[i] as string] ?? null)).length;
        await connection.execute(update, [...values, ...(set.keyIdColumn ? [keyring.currentKeyId] : []), row[set.idColumn]], 'run', context);
        result.rows += 1;
        after = String(row[set.idColumn]);
      }
      return rows.length < batchSize;
    });
    if (done) return result;
  }
}

function reencrypt(keyring: Keyring, value: string | null, format: 'json' | 'text', where: string): string | null {
  if (value === null || value.startsWith(`${ENCRYPTED_PREFIX}${keyring.currentKeyId}:`)) return value;
  try {
    if (isEncrypted(value)) return keyring.encrypt(keyring.decrypt(value));
    if (format === 'text') throw new Error('the value is not encrypted, so it cannot be told apart from a damaged one');
    // Legacy JSON text from before encryption (jsonb::text spacing): parse to store the same JSON the type writes.
    return keyring.encrypt(JSON.stringify(JSON.parse(value) as unknown));
  } catch (error) {
    throw new Error(`${where}: ${(error as Error).message}`, { cause: error });
  }
}
