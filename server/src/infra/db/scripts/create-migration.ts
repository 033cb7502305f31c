import { openDatabase, migrateDatabase } from '../orm.js';

/**
 * `npm run db:migration` — diffs the entities against a fresh embedded
 * database with every committed migration applied and writes the next
 * migration file. Add the new class to migrations/index.ts afterwards.
 */
const db = await openDatabase({ pgliteDir: 'memory' });
try {
  await migrateDatabase(db);
  // Class names come from the file name: keep it to letters, digits and underscores.
  const name = process.argv[2]?.replace(/\W+/g, '_');
  const result = await db.orm.getMigrator().createMigration(undefined, false, false, name);
  console.log(result.diff.up.length === 0 ? 'no schema changes' : `wrote ${result.fileName}`);
} finally {
  await db.close();
}
