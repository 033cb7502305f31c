import type { Server } from 'node:http';
import type { Express } from 'express';
import { startCore, type Core } from './core.js';
import type { AppConfig } from './infra/config/config.js';
import { createLogger, type Logger } from './infra/logging/logger.js';
import { createApp } from './http/create-app.js';

export interface Platform extends Core {
  url: string;
  logger: Logger;
}

export interface PlatformOptions {
  logger?: Logger;
  /** Overrides where embedded PGlite lives; 'memory' for tests. */
  pgliteDir?: string | 'memory';
}

/** Everything `npm start` does: database, migrations, seed, queue, in-process worker, HTTP. */
export async function startPlatform(config: AppConfig, options: PlatformOptions = {}): Promise<Platform> {
  const logger = options.logger ?? createLogger(config.logLevel);
  const core = await startCore(config, {
    logger, worker: config.worker.inProcess, seed: config.seedDemo,
    ...(options.pgliteDir ? { pgliteDir: options.pgliteDir } : {}),
  });
  try {
    const { app, apollo } = await createApp({ config, db: core.db, services: core.services, logger });
    const server = await listen(app, config.port, config.host);
    const address = server.address();
    const port = typeof address === 'object' && address ? address.port : config.port;
    const url = `http://${config.host === '0.0.0.0' ? 'localhost' : config.host}:${port}`;
    return {
      ...core, url, logger,
      async close() {
        await new Promise<void>((resolve) => server.close(() => resolve()));
        server.closeAllConnections();
        await apollo.stop();
        await core.close();
      },
    };
  } catch (error) {
    await core.close();
    throw error;
  }
}

function listen(app: Express, port: number, host: string): Promise<Server> {
  return new Promise((resolve, reject) => {
    const server = app.listen(port, host, (error?: Error) => (error ? reject(error) : resolve(server)));
  });
}
