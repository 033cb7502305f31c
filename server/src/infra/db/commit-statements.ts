import type { EntityManager } from '@mikro-orm/postgresql';
import type { Statement } from './one-trip.js';

const pending = new WeakMap<EntityManager, Statement[]>();

/**
 * Queues a statement to run at the very end of `tx`'s transaction (deferred
 * audit events). The transaction must end with finishTransaction.
 */
export function atCommit(tx: EntityManager, statement: Statement): void {
  const queue = pending.get(tx) ?? [];
  queue.push(statement);
  pending.set(tx, queue);
}

/**
 * Flushes the unit of work, then runs the queued statements in order: on
 * PostgreSQL all in one round trip. Call it last; the caller's transaction
 * then commits as usual.
 */
export async function finishTransaction(tx: EntityManager, kind: 'postgres' | 'pglite'): Promise<void> {
  const statements = pending.get(tx) ?? [];
  pending.delete(tx);
  if (statements.length === 0) return;
  await tx.flush();
  const connection = tx.getConnection();
  if (kind === 'postgres' && statements.length > 1) {
    await connection.execute(
      statements.map((statement) => statement.sql).join(';\n'),
      statements.flatMap((statement) => statement.params),
      'run',
      tx.getTransactionContext(),
    );
    return;
  }
  for (const statement of statements) await connection.execute(statement.sql, statement.params, 'run', tx.getTransactionContext());
}
