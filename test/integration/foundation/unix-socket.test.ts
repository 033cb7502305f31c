import { existsSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { backends } from '../../support/databases.js';
import { gql, loginAs } from '../../support/graphql-client.js';
import { startTestPlatform, type TestPlatform } from '../../support/platform.js';

const SOCKET_DIR = process.env.TEST_PG_SOCKET_DIR ?? '/var/run/postgresql';

/**
 * DATABASE_URL=postgres://user@localhost/db?host=/var/run/postgresql: the ORM, the job
 * queue and its listener all go through the server's Unix socket. Registered where the
 * local server has one (it does on the CI machine).
 */
if (backends().includes('postgres') && existsSync(`${SOCKET_DIR}/.s.PGSQL.5432`)) {
  describe('PostgreSQL through its Unix socket', () => {
    let platform: TestPlatform;
    beforeAll(async () => {
      platform = await startTestPlatform('postgres', {}, { socketDir: SOCKET_DIR });
    });
    afterAll(async () => platform?.stop());

    it('serves requests with every database connection on the socket', async () => {
      expect(platform.databaseUrl).toContain(`host=${encodeURIComponent(SOCKET_DIR)}`);
      expect((await fetch(`${platform.url}/healthz`)).status).toBe(200);
      const token = await loginAs(platform.url, 'admin');
      expect((await gql<{ me: { email: string } }>(platform.url, '{ me { email } }', {}, token)).data?.me.email).toBe('admin@demo.local');
      // A socket connection has no client address; a TCP one (127.0.0.1) has.
      const rows = await platform.db.em().getConnection().execute<Array<{ tcp: number | string }>>(
        'select count(*) as tcp from pg_stat_activity where datname = current_database() and client_addr is not null');
      expect(Number(rows[0]?.tcp)).toBe(0);
      const own = await platform.db.em().getConnection().execute<Array<{ client_addr: string | null }>>(
        'select client_addr from pg_stat_activity where pid = pg_backend_pid()');
      expect(own[0]?.client_addr).toBeNull();
    });
  });
}
