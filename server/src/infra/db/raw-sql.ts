import type { EntityManager } from '@mikro-orm/postgresql';

type SqlRows = { rows: unknown[] };
export type RawConnection = {
  query(text: string, values?: unknown[]): Promise<SqlRows>;
  exec?(text: string): Promise<SqlRows[]>;
};
/** The part of a knex instance or transaction this needs: its client hands out the connection. */
export type KnexLike = { client: { acquireConnection(): Promise<RawConnection>; releaseConnection(c: RawConnection): Promise<unknown> } };

export interface SqlExecutor {
  executeSql(text: string, values?: unknown[]): Promise<{ rows: unknown[] }>;
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

/**
 * One statement for an entity manager, in its transaction when it has one.
 * Written with `?` placeholders (never inside a literal) like the rest of the
 * code's SQL; the driver gets them numbered.
 */
export async function rawQuery<T>(em: EntityManager, sql: string, values: unknown[]): Promise<T[]> {
  const knex = (em.getTransactionContext() ?? em.getConnection().getKnex()) as unknown as KnexLike;
  let n = 0;
  const { rows } = await executorFor(knex, false).executeSql(sql.replace(/\?/g, () => `$${++n}`), values);
  return rows as T[];
}
