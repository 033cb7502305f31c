import { pino, type Logger } from 'pino';

export type { Logger };

export function createLogger(level: string): Logger {
  return pino({
    level,
    base: { service: 'docket' },
    // Secrets must never reach the logs, whatever a caller passes in.
    redact: { paths: ['req.headers.authorization', '*.password', '*.secret', '*.token', 'authorization'], censor: '[redacted]' },
  });
}
