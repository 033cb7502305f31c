import 'reflect-metadata';
import { loadConfig } from '../infra/config/config.js';
import { loadKeyring, rotateKeyFile } from '../infra/crypto/load-keyring.js';
import { installKeyring } from '../infra/crypto/process-keyring.js';
import { createLogger } from '../infra/logging/logger.js';
import { SYSTEM } from '../modules/auth/actor.js';
import { rotateEncryptedData } from '../modules/secrets/key-rotation.service.js';
import { openConfiguredDatabase } from './open-configured-database.js';

/**
 * `npm run keys:rotate` re-encrypts every encrypted value with the current key.
 *
 * - With ENCRYPTION_KEY: set it to the new key and list the old one in
 *   ENCRYPTION_PREVIOUS_KEYS (servers and workers first, then this command).
 * - With the key in DATA_DIR (embedded mode): a new key is generated and the
 *   old one kept in DATA_DIR/encryption.previous-keys. Stop `npm start` first.
 *   `-- --keep-key` re-encrypts with the current key instead, e.g. to finish an
 *   interrupted rotation or to encrypt rows from before encryption existed.
 *
 * Exit code 0 when every value is under the current key, 1 otherwise.
 */
const config = loadConfig();
const logger = createLogger(config.logLevel);
const keepKey = process.argv.includes('--keep-key');
try {
  const db = await openConfiguredDatabase();
  try {
    const fileMode = config.encryptionKey === undefined && !(config.databaseUrl !== undefined && config.production);
    if (fileMode && !keepKey) {
      // Makes the key file first if this installation never started, so there is one to rotate.
      loadKeyring(config, logger);
      const { previous, current } = rotateKeyFile(config.dataDir, logger);
      console.log(`new key ${current.id} in ${config.dataDir}; previous key ${previous.id} kept in encryption.previous-keys`);
    }
    const { keyring, source } = loadKeyring(config, logger);
    installKeyring(keyring);
    const report = await rotateEncryptedData(db, keyring, { ...SYSTEM, label: 'cli:keys-rotate' });
    for (const table of report.tables) console.log(`${table.table}: ${table.rows} row(s), ${table.values} value(s) re-encrypted`);
    const older = keyring.keyIds.filter((id) => id !== keyring.currentKeyId);
    console.log(`every encrypted value is now under key ${report.keyId}${source === 'env' ? ' (ENCRYPTION_KEY)' : ''}.`);
    if (older.length > 0) console.log(`older key(s) ${older.join(', ')} are no longer needed by the database; keep them as long as backups made before now must stay readable.`);
  } finally {
    await db.close();
  }
} catch (error) {
  console.error(`keys:rotate failed: ${(error as Error).message}`);
  process.exit(1);
}
