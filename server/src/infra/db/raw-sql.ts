import type { EntityManager } from '@mikro-orm/postgresql';

export type SqlRows = { rows: unknown[] };
export type RawConnection = {
  query(text: string, values?: unknown[]): Promise<SqlRows>;
  exec?(text: string): Promise<SqlRows[]>;
};
/** The part of a knex instance or transaction this needs: its client hands out the connection. */
export type KnexLike = { client: { acquireConnection(): Promise<RawConnection>; releaseConnection(c: RawConnection): Promise<unknown> } };

export interface SqlExecutor {
  executeSql(text: string, values?: unknown[]): Promise<{ rows: unknown[] }>;
}

/** A statement with `?` placeholders, or `$1`… when `numbered` (SQL written by a library). */
export interface Statement {
  sql: string;
  params: unknown[];
  numbered?: boolean;
}

/**
 * Runs SQL with `$1` parameters straight on the driver's connection (node-postgres
 * or PGlite): inside a knex transaction its own connection, otherwise one from the
 * pool. No query building, no client-side formatting, no entity mapping.
 */
export function executorFor(knex: KnexLike, pglite: boolean): SqlExecutor {
  return {
    async executeSql(text: string, values: unknown[] = []) {
      const connection = await knex.client.acquireConnection();
      try {
        // Multi-statement SQL without parameters runs on PGlite only through exec().
        if (pglite && values.length === 0 && connection.exec) {
          const results = await connection.exec(text);
          return { rows: results.at(-1)?.rows ?? [] };
        }
        const result = await connection.query(text, values);
        return { rows: result.rows };
      } finally {
        await knex.client.releaseConnection(connection);
      }
    },
  };
}

/** The entity manager's transaction when it has one, else its pool. */
export function knexOf(em: EntityManager): KnexLike {
  return (em.getTransactionContext() ?? em.getConnection().getKnex()) as unknown as KnexLike;
}

/** `?` placeholders (never inside a literal in this code's SQL) as the `$1`… the driver takes. */
export function numberPlaceholders(statement: Statement): string {
  if (statement.numbered) return statement.sql;
  let n = 0;
  return statement.sql.replace(/\?/g, () => `$${++n}`);
}

/** One statement for an entity manager, in its transaction when it has one. */
export async function rawQuery<T>(em: EntityManager, sql: string, values: unknown[]): Promise<T[]> {
  return runStatement<T>(em, { sql, params: values });
}

export async function runStatement<T = unknown>(em: EntityManager, statement: Statement): Promise<T[]> {
  const { rows } = await executorFor(knexOf(em), false).executeSql(numberPlaceholders(statement), statement.params);
  return rows as T[];
}

/** Whether a database error carries this SQLSTATE (23505 unique violation, or one of the DK… codes of this schema's functions). */
export function hasSqlState(error: unknown, state: string): boolean {
  return (error as { code?: unknown } | null)?.code === state;
}
