import { execFileSync, spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { backends } from '../../support/databases.js';
import { gql, loginAs } from '../../support/graphql-client.js';
import { startTestPlatform, type TestPlatform } from '../../support/platform.js';

/** `npm run audit:export` and `npm run audit:verify` as an auditor runs them, against PostgreSQL. */
if (backends().includes('postgres')) {
  describe('audit command line', () => {
    let platform: TestPlatform;
    const dir = mkdtempSync(path.join(os.tmpdir(), 'docket-audit-'));
    const file = path.join(dir, 'audit.jsonl');
    const env = () => ({ ...process.env, DATABASE_URL: platform.databaseUrl, LOG_LEVEL: 'error', DATA_DIR: dir });
    const run = (script: string, args: string[] = []) => spawnSync(process.execPath, [`dist/server/src/cli/${script}.js`, ...args], { env: env(), encoding: 'utf8' });

    beforeAll(async () => {
      execFileSync('npx', ['swc', 'server/src', '-d', 'dist', '--config-file', '.swcrc', '-q'], { stdio: 'inherit' });
      platform = await startTestPlatform('postgres', { DATA_DIR: dir });
      const admin = await loginAs(platform.url, 'admin');
      await gql(platform.url, 'mutation { createApiKey(name: "exported", roles: ["viewer"]) { id } }', {}, admin);
    }, 120_000);
    afterAll(async () => platform?.stop());

    it('verifies the live chain, exports it, and verifies the export offline', () => {
      const live = run('audit-verify');
      expect(live.status).toBe(0);
      expect(live.stdout).toMatch(/audit chain intact: \d+ event\(s\) verified/);
      expect(run('audit-export', [file]).status).toBe(0);
      const lines = readFileSync(file, 'utf8').trim().split('\n');
      expect(lines.length).toBeGreaterThan(8);
      expect(JSON.parse(lines.at(-1) ?? '{}')).toMatchObject({ action: 'audit.exported', hash: expect.stringMatching(/^[0-9a-f]{64}$/) });
      const offline = run('audit-verify', [file]);
      expect(offline.status).toBe(0);
      expect(offline.stdout).toContain(`${lines.length} event(s) verified`);
    });

    it('reports the first broken event of a tampered export, and of a file with a line removed', () => {
      const lines = readFileSync(file, 'utf8').trim().split('\n');
      const edited = lines.map((line, i) => (i === 3 ? line.replace('"after":', '"after":{"tampered":true},"was":') : line));
      writeFileSync(path.join(dir, 'edited.jsonl'), `${edited.join('\n')}\n`);
      const modified = run('audit-verify', [path.join(dir, 'edited.jsonl')]);
      expect(modified.status).toBe(1);
      expect(modified.stdout).toMatch(/BROKEN at event 4: hash does not match/);
      writeFileSync(path.join(dir, 'removed.jsonl'), `${lines.filter((_, i) => i !== 2).join('\n')}\n`);
      const removed = run('audit-verify', [path.join(dir, 'removed.jsonl')]);
      expect(removed.status).toBe(1);
      expect(removed.stdout).toMatch(/BROKEN at event 4: prevHash does not match/);
    });
  });
}
