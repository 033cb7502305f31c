import 'reflect-metadata';
import { loadConfig } from './infra/config/config.js';
import { createLogger } from './infra/logging/logger.js';
import { ROLES } from './modules/auth/roles.js';
import { DEMO_PASSWORD } from './modules/seed/demo-users.seed.js';
import { startPlatform } from './platform.js';

const config = loadConfig();
const logger = createLogger(config.logLevel);

try {
  const platform = await startPlatform(config, { logger });
  const database = config.databaseUrl ? 'PostgreSQL (DATABASE_URL)' : `embedded PGlite in ${config.dataDir}`;
  const lines = [
    '',
    `  Docket is running at ${platform.url}  (GraphQL: ${platform.url}/graphql)`,
    `  Database: ${database}`,
  ];
  if (config.seedDemo) {
    lines.push(`  Demo sign-ins (password "${DEMO_PASSWORD}"): ${ROLES.map((r) => `${r}@demo.local`).join(', ')}`);
  }
  console.log(`${lines.join('\n')}\n`);
  const shutdown = async (signal: string) => {
    logger.info({ signal }, 'shutting down');
    await platform.close();
    process.exit(0);
  };
  process.once('SIGINT', () => void shutdown('SIGINT'));
  process.once('SIGTERM', () => void shutdown('SIGTERM'));
} catch (error) {
  logger.fatal({ err: error }, 'Docket failed to start');
  process.exit(1);
}
