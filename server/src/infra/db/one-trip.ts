import pg from 'pg';
import type { Database } from './orm.js';
import type { KnexLike } from './raw-sql.js';

/** A statement with `?` placeholders, or `$1`… when `numbered` (SQL written by a library). */
export interface Statement {
  sql: string;
  params: unknown[];
  numbered?: boolean;
}

/**
 * Runs statements as one transaction in one message to the server. PostgreSQL
 * runs the statements of one simple-protocol message as a single implicit
 * transaction: all commit together, or the first error rolls back all of them
 * and skips the rest. That needs no BEGIN and COMMIT round trips and no
 * connection held while the client works, which is what a run's hot writes
 * spent most of their time on.
 *
 * The simple protocol takes no parameters, so values are written into the text
 * as quoted literals, the way node-postgres sends parameters (as text of
 * unknown type, which the server casts to what the statement needs).
 */
export async function runInOneTrip(db: Database, statements: readonly Statement[]): Promise<void> {
  if (statements.length === 0) return;
  const text = statements.map(inlineValues).join(';\n');
  const knex = db.orm.em.getConnection().getKnex() as unknown as KnexLike;
  const connection = await knex.client.acquireConnection();
  try {
    // PGlite runs multi-statement text only through exec(); node-postgres uses the simple protocol without values.
    if (db.kind === 'pglite' && connection.exec) await connection.exec(text);
    else await connection.query(text);
  } finally {
    await knex.client.releaseConnection(connection);
  }
}

/** The statement's text with each placeholder replaced by its value as a literal. */
export function inlineValues(statement: Statement): string {
  const { sql, params, numbered } = statement;
  if (numbered) {
    return sql.replace(/\$(\d+)/g, (_, n: string) => {
      const index = Number(n) - 1;
      if (index >= params.length) throw new Error(`statement has no value for $${n}`);
      return literal(params[index]);
    });
  }
  let next = 0;
  const text = sql.replace(/\?/g, () => {
    if (next >= params.length) throw new Error('statement has more ? placeholders than values');
    return literal(params[next++]);
  });
  if (next !== params.length) throw new Error(`statement has ${next} ? placeholders for ${params.length} values`);
  return text;
}

/** One value as SQL: NULL, or a quoted literal of unknown type. */
export function literal(value: unknown): string {
  if (value === null || value === undefined) return 'NULL';
  if (value instanceof Date) return quote(value.toISOString());
  if (typeof value === 'number' && !Number.isFinite(value)) throw new Error(`${value} cannot be written to the database`);
  if (typeof value === 'object') return quote(JSON.stringify(value));
  return quote(String(value));
}

/**
 * Most values (ciphertext, ids, times) hold no quote or backslash and are
 * quoted as they are; node-postgres's escapeLiteral, which walks the string
 * a character at a time, handles the others.
 */
function quote(text: string): string {
  if (!/['\\\0]/.test(text)) return `'${text}'`;
  // The protocol ends the query text at a NUL; PostgreSQL refuses NUL in text values anyway.
  if (text.includes('\0')) throw new Error('a text value cannot contain a NUL character');
  return pg.escapeLiteral(text);
}
