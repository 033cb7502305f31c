import { createHash } from 'node:crypto';
import pg from 'pg';
import type { Database } from './orm.js';
import { hasSqlState, numberPlaceholders, type KnexLike, type RawConnection, type SqlRows, type Statement } from './raw-sql.js';

/** Names of the statements prepared on each connection (PREPARE lasts as long as the session). */
const preparedOn = new WeakMap<object, Set<string>>();

/**
 * Runs statements as one transaction in one message to the server. PostgreSQL
 * runs the statements of one simple-protocol message as a single implicit
 * transaction: all commit together, or the first error rolls back all of them
 * and skips the rest. That needs no BEGIN and COMMIT round trips and no
 * connection held while the client works, which is what a run's hot writes
 * spent most of their time on.
 *
 * Each statement is prepared once per connection (SQL PREPARE, sent ahead of
 * the first use) and sent as EXECUTE with its values: the server parses and
 * plans it once, and the message carries values, not the statement's text.
 * The simple protocol takes no parameters, so values are written in as quoted
 * literals, the way node-postgres sends parameters (text of unknown type,
 * which the server casts to what the statement needs).
 */
export async function runInOneTrip(db: Database, statements: readonly Statement[]): Promise<unknown[][]> {
  try {
    return await sendOnce(db, statements);
  } catch (error) {
    // A prepared statement the session lost (DISCARD ALL, say): nothing ran; prepare again, once.
    if (!hasSqlState(error, '26000')) throw error;
    return sendOnce(db, statements);
  }
}

/** The rows each statement returned, in the order of `statements`. */
async function sendOnce(db: Database, statements: readonly Statement[]): Promise<unknown[][]> {
  if (statements.length === 0) return [];
  // The pool itself: a one-trip message is its own transaction, never part of a caller's.
  const knex = db.orm.em.getConnection().getKnex() as unknown as KnexLike;
  const connection = await knex.client.acquireConnection();
  try {
    const prepared = await preparedStatements(connection);
    const preparing = new Map<string, string>();
    const executions = statements.map((statement) => {
      const name = statementName(statement);
      if (!prepared.has(name) && !preparing.has(name)) preparing.set(name, `prepare ${name} as ${numberPlaceholders(statement)}`);
      return statement.params.length > 0 ? `execute ${name}(${statement.params.map(literal).join(', ')})` : `execute ${name}`;
    });
    const text = [...preparing.values(), ...executions].join(';\n');
    let results: SqlRows[];
    try {
      // PGlite runs multi-statement text only through exec(); node-postgres uses the simple protocol without values
      // and answers a single statement with one result, several with a list.
      if (db.kind === 'pglite' && connection.exec) results = await connection.exec(text);
      else {
        const answer = await connection.query(text) as SqlRows | SqlRows[];
        results = Array.isArray(answer) ? answer : [answer];
      }
    } catch (error) {
      // PREPARE is not undone by a rollback, and statements after a failing one never ran: ask the server next time.
      preparedOn.delete(connection);
      throw error;
    }
    for (const name of preparing.keys()) prepared.add(name);
    return results.slice(preparing.size).map((result) => result.rows);
  } finally {
    await knex.client.releaseConnection(connection);
  }
}

async function preparedStatements(connection: RawConnection): Promise<Set<string>> {
  let names = preparedOn.get(connection);
  if (!names) {
    const { rows } = await connection.query("select name from pg_prepared_statements where name like 'docket\\_%'");
    names = new Set((rows as Array<{ name: string }>).map((row) => row.name));
    preparedOn.set(connection, names);
  }
  return names;
}

const names = new Map<string, string>();

/** Named by its text, so a changed statement (a new pg-boss, say) is prepared anew. */
function statementName(statement: Statement): string {
  let name = names.get(statement.sql);
  if (!name) {
    name = `docket_${createHash('sha256').update(statement.sql).digest('hex').slice(0, 24)}`;
    names.set(statement.sql, name);
  }
  return name;
}

/** One value as SQL: NULL, or a quoted literal of unknown type. */
function literal(value: unknown): string {
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
