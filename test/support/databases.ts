import { randomBytes } from 'node:crypto';
import pg from 'pg';

export type Backend = 'pglite' | 'postgres';

/**
 * Integration suites run on both backends. PostgreSQL is required: when it is
 * unreachable the suite fails loudly. DOCKET_TEST_PG=off is the one explicit,
 * visible way to run the PGlite half alone on a machine without a server.
 */
export function backends(): Backend[] {
  if (process.env.DOCKET_TEST_PG === 'off') {
    if (process.env.CI) throw new Error('DOCKET_TEST_PG=off is not allowed in CI: the PostgreSQL suites must run');
    console.warn('DOCKET_TEST_PG=off: PostgreSQL suites are not registered in this run');
    return ['pglite'];
  }
  return ['pglite', 'postgres'];
}

/** The server that hosts throwaway test databases (CI points DATABASE_URL at its own). */
export function adminDatabaseUrl(): string {
  return process.env.TEST_DATABASE_URL ?? process.env.DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres';
}

/** Creates an empty database for one test file and returns its URL and a drop function. */
export async function createThrowawayDatabase(): Promise<{ url: string; drop(): Promise<void> }> {
  const admin = adminDatabaseUrl();
  const name = `docket_t_${Date.now().toString(36)}_${randomBytes(3).toString('hex')}`;
  const client = new pg.Client({ connectionString: admin });
  try {
    await client.connect();
  } catch (error) {
    throw new Error(`PostgreSQL is not reachable at ${redact(admin)}; start it or set TEST_DATABASE_URL (${(error as Error).message})`, { cause: error });
  }
  await client.query(`create database "${name}"`);
  await client.end();
  const url = new URL(admin);
  url.pathname = `/${name}`;
  return {
    url: url.toString(),
    async drop() {
      const dropper = new pg.Client({ connectionString: admin });
      await dropper.connect();
      await dropper.query(`drop database if exists "${name}" with (force)`);
      await dropper.end();
    },
  };
}

function redact(url: string): string {
  return url.replace(/\/\/([^:@/]+):[^@/]+@/, '//$1:***@');
}
