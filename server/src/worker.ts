import 'reflect-metadata';
import { startCore } from './core.js';
import { loadConfig } from './infra/config/config.js';
import { createLogger } from './infra/logging/logger.js';

/**
 * `npm run worker`: a standalone worker for any machine that reaches the
 * same PostgreSQL. Start as many as the load needs; pg-boss hands each job
 * to one of them, and a job whose worker dies is handed out again.
 */
const config = loadConfig();
const logger = createLogger(config.logLevel);
if (!config.databaseUrl) {
  logger.fatal('npm run worker needs DATABASE_URL: embedded PGlite serves one process, and `npm start` already runs a worker');
  process.exit(1);
}
try {
  const core = await startCore(config, { logger, worker: true, seed: false });
  logger.info({ concurrency: config.worker.concurrency }, 'Docket worker ready');
  const shutdown = async (signal: string) => {
    logger.info({ signal }, 'worker stopping: finishing jobs in hand');
    await core.close();
    process.exit(0);
  };
  process.once('SIGINT', () => void shutdown('SIGINT'));
  process.once('SIGTERM', () => void shutdown('SIGTERM'));
} catch (error) {
  logger.fatal({ err: error }, 'worker failed to start');
  process.exit(1);
}
