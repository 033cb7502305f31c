import { loadConfig, type AppConfig } from '../../server/src/infra/config/config.js';
import { createLogger } from '../../server/src/infra/logging/logger.js';
import { startPlatform, type Platform } from '../../server/src/platform.js';
import { createThrowawayDatabase, type Backend } from './databases.js';

export interface TestPlatform extends Platform {
  backend: Backend;
  /** The throwaway PostgreSQL database, for worker processes to join; undefined on PGlite. */
  databaseUrl: string | undefined;
  stop(): Promise<void>;
}

/**
 * A real Docket server on a random port, on an in-memory PGlite or on a fresh
 * PostgreSQL database, with the demo seed loaded. Tests talk to it over HTTP.
 */
export async function startTestPlatform(
  backend: Backend, env: Record<string, string> = {}, options: { socketDir?: string } = {},
): Promise<TestPlatform> {
  const created = backend === 'postgres' ? await createThrowawayDatabase() : undefined;
  // Through the server's Unix socket instead of TCP, when asked (the unix-socket test).
  const database = created && options.socketDir ? { ...created, url: viaSocket(created.url, options.socketDir) } : created;
  const config: AppConfig = loadConfig({
    PORT: '0',
    HOST: '127.0.0.1',
    SEED_DEMO: 'true',
    LOG_LEVEL: process.env.LOG_LEVEL ?? 'silent',
    WEB_DIST: 'dist/web',
    ...(database ? { DATABASE_URL: database.url } : {}),
    ...env,
  });
  const logger = createLogger(config.logLevel);
  try {
    const platform = await startPlatform(config, { logger, pgliteDir: 'memory' });
    return {
      ...platform,
      backend,
      databaseUrl: database?.url,
      async stop() {
        await platform.close();
        await database?.drop();
      },
    };
  } catch (error) {
    await database?.drop();
    throw error;
  }
}

function viaSocket(url: string, socketDir: string): string {
  const parsed = new URL(url);
  parsed.searchParams.set('host', socketDir);
  return parsed.toString();
}
