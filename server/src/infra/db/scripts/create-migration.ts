import { openDatabase, migrateDatabase } from '../orm.js';

/**
 * `npm run db:migration` — diffs the entities against a fresh embedded
 * database with every committed migration applied and writes the next
 * migration file. Add the new class to migrations/index.ts afterwards.
 */
const db = await openDatabase({ pgliteDir: 'memory' });
try {
  await migrateDatabase(db);
  const result = await db.orm.getMigrator().createMigration(undefined, false, false, process.argv[2]);
  console.log(result.diff.up.length === 0 ? 'no schema changes' : `wrote ${result.fileName}`);
} finally {
  await db.close();
}
