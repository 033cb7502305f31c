import type { Server } from 'node:http';
import type { Express } from 'express';
import path from 'node:path';
import type { AppConfig } from './infra/config/config.js';
import { createLogger, type Logger } from './infra/logging/logger.js';
import { migrateDatabase, openDatabase, type Database } from './infra/db/orm.js';
import { createApp } from './http/create-app.js';
import { seedDemo } from './modules/seed/seed-demo.js';
import { createServices, type Services } from './modules/services.js';

export interface Platform {
  url: string;
  db: Database;
  services: Services;
  logger: Logger;
  seeded: string[];
  close(): Promise<void>;
}

export interface PlatformOptions {
  logger?: Logger;
  /** Overrides where embedded PGlite lives; 'memory' for tests. */
  pgliteDir?: string | 'memory';
}

/** Opens the database, migrates, seeds, and serves HTTP: everything `npm start` does. */
export async function startPlatform(config: AppConfig, options: PlatformOptions = {}): Promise<Platform> {
  const logger = options.logger ?? createLogger(config.logLevel);
  const db = await openDatabase({
    databaseUrl: config.databaseUrl,
    pgliteDir: options.pgliteDir ?? path.join(config.dataDir, 'pglite'),
    logger,
  });
  try {
    const applied = await migrateDatabase(db);
    if (applied.length > 0) logger.info({ migrations: applied }, 'applied migrations');
    const services = createServices({ config, db, logger });
    const seeded = config.seedDemo ? await seedDemo(db, services, logger) : [];
    const { app, apollo } = await createApp({ config, db, services, logger });
    const server = await listen(app, config.port, config.host);
    const address = server.address();
    const port = typeof address === 'object' && address ? address.port : config.port;
    const url = `http://${config.host === '0.0.0.0' ? 'localhost' : config.host}:${port}`;
    return {
      url, db, services, logger, seeded,
      async close() {
        await new Promise<void>((resolve) => server.close(() => resolve()));
        server.closeAllConnections();
        await apollo.stop();
        await db.close();
      },
    };
  } catch (error) {
    await db.close();
    throw error;
  }
}

function listen(app: Express, port: number, host: string): Promise<Server> {
  return new Promise((resolve, reject) => {
    const server = app.listen(port, host, (error?: Error) => (error ? reject(error) : resolve(server)));
  });
}
