import { mkdirSync } from 'node:fs';
import path from 'node:path';
import { PGlite } from '@electric-sql/pglite';
import { MikroORM, type Options } from '@mikro-orm/core';
import { Migrator } from '@mikro-orm/migrations';
import { PostgreSqlDriver, type EntityManager } from '@mikro-orm/postgresql';
import { PGliteDriver, type PGliteConnectionConfig } from 'mikro-orm-pglite';
import type { Logger } from '../logging/logger.js';
import { ENTITIES } from './entities.js';
import { MIGRATIONS } from './migrations/index.js';
import { fixPgliteStatementSplitting } from './pglite-statements.js';

export interface DatabaseOptions {
  /** postgres://… for a real server; undefined for embedded PGlite. */
  databaseUrl?: string;
  /** Where PGlite keeps its files; 'memory' for an ephemeral database (tests). */
  pgliteDir?: string | 'memory';
  logger?: Logger;
}

export interface Database {
  kind: 'postgres' | 'pglite';
  orm: MikroORM<PostgreSqlDriver>;
  /** A fresh entity manager for one unit of work. */
  em(): EntityManager;
  close(): Promise<void>;
}

export const MIGRATIONS_PATH = 'server/src/infra/db/migrations';

function baseOptions(logger?: Logger): Options<PostgreSqlDriver> {
  return {
    entities: ENTITIES,
    extensions: [Migrator],
    migrations: {
      migrationsList: MIGRATIONS,
      path: MIGRATIONS_PATH,
      pathTs: MIGRATIONS_PATH,
      transactional: true,
      allOrNothing: true,
      snapshot: false,
      emit: 'ts',
    },
    allowGlobalContext: false,
    forceUtcTimezone: true,
    debug: false,
    logger: (message) => logger?.debug({ orm: message }),
  };
}

function socketHost(databaseUrl: string): { host?: string } {
  const host = new URL(databaseUrl).searchParams.get('host');
  return host?.startsWith('/') ? { host } : {};
}

export async function openDatabase(options: DatabaseOptions): Promise<Database> {
  if (options.databaseUrl) {
    const orm = await MikroORM.init<PostgreSqlDriver>({
      ...baseOptions(options.logger),
      driver: PostgreSqlDriver,
      clientUrl: options.databaseUrl,
      // `?host=/var/run/postgresql` (as libpq and node-postgres read it) reaches a local server
      // through its Unix socket; MikroORM itself only reads the URL's host name.
      ...socketHost(options.databaseUrl),
      pool: { min: 0, max: 10 },
    });
    return wrap('postgres', orm, async () => orm.close(true));
  }
  fixPgliteStatementSplitting();
  const dir = options.pgliteDir ?? path.resolve('data/pglite');
  if (dir !== 'memory') mkdirSync(dir, { recursive: true });
  const pglite = dir === 'memory' ? new PGlite() : new PGlite(dir);
  await pglite.waitReady;
  const orm = await MikroORM.init<PostgreSqlDriver>({
    ...baseOptions(options.logger),
    driver: PGliteDriver as unknown as typeof PostgreSqlDriver,
    dbName: 'postgres',
    driverOptions: { connection: { pglite: () => pglite } satisfies PGliteConnectionConfig },
  });
  return wrap('pglite', orm, async () => {
    await orm.close(true);
    await pglite.close();
  });
}

function wrap(kind: Database['kind'], orm: MikroORM<PostgreSqlDriver>, close: () => Promise<void>): Database {
  return { kind, orm, em: () => orm.em.fork() as EntityManager, close };
}

export async function migrateDatabase(db: Database): Promise<string[]> {
  const applied = await db.orm.getMigrator().up();
  return applied.map((m) => m.name);
}
