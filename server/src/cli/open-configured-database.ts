import path from 'node:path';
import { loadConfig } from '../infra/config/config.js';
import { loadKeyring } from '../infra/crypto/load-keyring.js';
import { installKeyring } from '../infra/crypto/process-keyring.js';
import { createLogger } from '../infra/logging/logger.js';
import { migrateDatabase, openDatabase, type Database } from '../infra/db/orm.js';

/**
 * The database the server would use, for command-line tools. In embedded mode
 * only one process may open the PGlite files: stop `npm start` first.
 */
export async function openConfiguredDatabase(): Promise<Database> {
  const config = loadConfig();
  // Commands may load encrypted columns: the same keyring as the server, installed first.
  installKeyring(loadKeyring(config, createLogger(config.logLevel)).keyring);
  const db = await openDatabase({
    databaseUrl: config.databaseUrl,
    pgliteDir: path.join(config.dataDir, 'pglite'),
    logger: createLogger(config.logLevel),
  });
  await migrateDatabase(db);
  return db;
}
