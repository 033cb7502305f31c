import { execFileSync } from 'node:child_process';
import { existsSync, readdirSync, statSync } from 'node:fs';
import path from 'node:path';

const WEB_INDEX = 'dist/web/index.html';
// The web app also compiles these server files in (the role table it shares).
const SOURCES = ['web', 'server/src/modules/auth/permissions.ts', 'server/src/modules/auth/roles.ts'];

function newestChange(entry: string): number {
  const stats = statSync(entry);
  if (!stats.isDirectory()) return stats.mtimeMs;
  return readdirSync(entry)
    .filter((name) => name !== 'node_modules' && !name.startsWith('.'))
    .reduce((newest, name) => Math.max(newest, newestChange(path.join(entry, name))), stats.mtimeMs);
}

/**
 * Builds the web app into dist/web unless the build there is newer than every
 * source, so the journeys never run against a stale UI. Runs from the
 * repository root, like the npm scripts.
 */
export function ensureWebBuild(): void {
  const builtAt = existsSync(WEB_INDEX) ? statSync(WEB_INDEX).mtimeMs : 0;
  const changedAt = Math.max(...SOURCES.filter((source) => existsSync(source)).map(newestChange));
  if (builtAt > changedAt) return;
  execFileSync('npx', ['vite', 'build', '--config', 'web/vite.config.ts', '--logLevel', 'warn'], { stdio: 'pipe', timeout: 120_000 });
  if (!existsSync(WEB_INDEX)) throw new Error(`vite build finished but ${WEB_INDEX} is missing`);
}
