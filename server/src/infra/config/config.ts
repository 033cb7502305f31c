import path from 'node:path';
import { readLlmConfig, type LlmConfig } from '../llm/llm-config.js';

/**
 * Everything configurable, read once from the environment. Defaults are the
 * embedded demo: no DATABASE_URL means PGlite under DATA_DIR with demo users.
 */
export interface AppConfig {
  port: number;
  host: string;
  production: boolean;
  databaseUrl: string | undefined;
  dataDir: string;
  seedDemo: boolean;
  logLevel: string;
  webDist: string;
  llm: LlmConfig;
  encryptionKey: string | undefined;
  /** Older keys, still accepted for reading until `keys:rotate` has re-encrypted their values. */
  encryptionPreviousKeys: string[];
  auth: { sessionTtlHours: number; loginMaxAttempts: number; loginWindowSeconds: number };
  graphql: {
    maxDepth: number;
    maxCost: number;
    maxAliases: number;
    maxTokens: number;
    maxDocumentBytes: number;
    maxBodyBytes: number;
    introspection: boolean;
  };
  worker: { inProcess: boolean; concurrency: number; eagerDispatch: boolean; maintenanceIntervalSeconds: number; jobExpireMarginSeconds: number };
  http: { allowedBaseUrls: string[] };
}

type Env = Record<string, string | undefined>;

export function loadConfig(env: Env = process.env): AppConfig {
  const production = env.NODE_ENV === 'production';
  const databaseUrl = nonEmpty(env.DATABASE_URL);
  return {
    port: readInt(env, 'PORT', 4000),
    host: env.HOST ?? '0.0.0.0',
    production,
    databaseUrl,
    dataDir: path.resolve(env.DATA_DIR ?? './data'),
    seedDemo: readBool(env, 'SEED_DEMO', databaseUrl === undefined),
    logLevel: env.LOG_LEVEL ?? 'info',
    webDist: path.resolve(env.WEB_DIST ?? 'dist/web'),
    llm: readLlmConfig(env),
    encryptionKey: nonEmpty(env.ENCRYPTION_KEY),
    encryptionPreviousKeys: (env.ENCRYPTION_PREVIOUS_KEYS ?? '').split(',').map((s) => s.trim()).filter(Boolean),
    auth: {
      sessionTtlHours: readInt(env, 'SESSION_TTL_HOURS', 12),
      loginMaxAttempts: readInt(env, 'LOGIN_MAX_ATTEMPTS', 10),
      loginWindowSeconds: readInt(env, 'LOGIN_WINDOW_SECONDS', 300),
    },
    graphql: {
      maxDepth: readInt(env, 'GRAPHQL_MAX_DEPTH', 10),
      maxCost: readInt(env, 'GRAPHQL_MAX_COST', 5000),
      maxAliases: readInt(env, 'GRAPHQL_MAX_ALIASES', 15),
      maxTokens: readInt(env, 'GRAPHQL_MAX_TOKENS', 2000),
      maxDocumentBytes: readInt(env, 'GRAPHQL_MAX_DOCUMENT_BYTES', 20_000),
      maxBodyBytes: readInt(env, 'GRAPHQL_MAX_BODY_BYTES', 2_000_000),
      introspection: readBool(env, 'GRAPHQL_INTROSPECTION', !production),
    },
    worker: {
      inProcess: readBool(env, 'WORKER_IN_PROCESS', true),
      // Jobs in flight per process; most wait on a model or an ERP, so this can be high.
      concurrency: readInt(env, 'WORKER_CONCURRENCY', 50),
      // A step job sent by a process with a worker runs there when it has room, skipping the fetch.
      eagerDispatch: readBool(env, 'WORKER_EAGER_DISPATCH', true),
      maintenanceIntervalSeconds: readInt(env, 'QUEUE_MAINTENANCE_SECONDS', 30),
      jobExpireMarginSeconds: readInt(env, 'JOB_EXPIRE_MARGIN_SECONDS', 30),
    },
    http: { allowedBaseUrls: (env.HTTP_ALLOWED_BASE_URLS ?? '').split(',').map((s) => s.trim()).filter(Boolean) },
  };
}

function nonEmpty(value: string | undefined): string | undefined {
  return value === undefined || value.trim() === '' ? undefined : value;
}

function readInt(env: Env, name: string, fallback: number): number {
  const raw = nonEmpty(env[name]);
  if (raw === undefined) return fallback;
  const value = Number(raw);
  if (!Number.isInteger(value) || value < 0) throw new Error(`config ${name} must be a non-negative integer, got "${raw}"`);
  return value;
}

function readBool(env: Env, name: string, fallback: boolean): boolean {
  const raw = nonEmpty(env[name])?.toLowerCase();
  if (raw === undefined) return fallback;
  if (['1', 'true', 'yes', 'on'].includes(raw)) return true;
  if (['0', 'false', 'no', 'off'].includes(raw)) return false;
  throw new Error(`config ${name} must be true or false, got "${raw}"`);
}
