import type { EntityManager } from '@mikro-orm/postgresql';

interface Statement {
  sql: string;
  params: unknown[];
}

const pending = new WeakMap<EntityManager, Statement[]>();

/**
 * Queues a statement to run at the very end of `tx`'s transaction, right
 * before it commits: audit appends (whose lock is held until commit) and
 * job notifications. The transaction must end with finishTransaction.
 */
export function atCommit(tx: EntityManager, sql: string, params: unknown[] = []): void {
  const queue = pending.get(tx) ?? [];
  queue.push({ sql, params });
  pending.set(tx, queue);
}

/**
 * Flushes the unit of work, then runs the queued statements in order. On
 * PostgreSQL they go in one round trip together with the COMMIT, so a lock
 * they take (the audit chain's) is held for the commit only, never across a
 * wait for this process, which may be busy with other runs. Nothing may run
 * in the transaction after this on PostgreSQL: it is over. PGlite has one
 * connection and nobody to wait, and commits the usual way.
 */
export async function finishTransaction(tx: EntityManager, kind: 'postgres' | 'pglite'): Promise<void> {
  const statements = pending.get(tx) ?? [];
  pending.delete(tx);
  if (statements.length === 0) return;
  await tx.flush();
  const connection = tx.getConnection();
  if (kind === 'postgres') {
    await connection.execute(
      `${statements.map((statement) => statement.sql).join(';\n')};\ncommit`,
      statements.flatMap((statement) => statement.params),
      'run',
      tx.getTransactionContext(),
    );
    return;
  }
  for (const statement of statements) await connection.execute(statement.sql, statement.params, 'run', tx.getTransactionContext());
}
