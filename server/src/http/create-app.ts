import { randomUUID } from 'node:crypto';
import { existsSync } from 'node:fs';
import path from 'node:path';
import { ApolloServer, type ApolloServerPlugin } from '@apollo/server';
import { expressMiddleware } from '@as-integrations/express5';
import { ApolloArmor } from '@escape.tech/graphql-armor';
import express, { type NextFunction, type Request, type Response } from 'express';
import { GraphQLError } from 'graphql';
import type { Logger } from 'pino';
import { DomainError } from '../domain/errors/index.js';
import type { AppConfig } from '../infra/config/config.js';
import type { Database } from '../infra/db/orm.js';
import type { GraphQLContext } from '../graphql/context.js';
import { formatError, isUnexpectedError } from '../graphql/format-error.js';
import { getSchema } from '../graphql/schema.js';
import type { Services } from '../modules/services.js';

export interface AppDeps {
  config: AppConfig;
  db: Database;
  services: Services;
  logger: Logger;
}

export interface App {
  app: express.Express;
  apollo: ApolloServer<GraphQLContext>;
}

export async function createApp({ config, db, services, logger }: AppDeps): Promise<App> {
  const limits = config.graphql;
  const armor = new ApolloArmor({
    maxDepth: { n: limits.maxDepth },
    costLimit: { maxCost: limits.maxCost },
    maxAliases: { n: limits.maxAliases },
    maxTokens: { n: limits.maxTokens },
    maxDirectives: { n: 20 },
    blockFieldSuggestion: { enabled: config.production },
  });
  const protection = armor.protect();
  const apollo = new ApolloServer<GraphQLContext>({
    schema: await getSchema(),
    // graphql-armor's typings point at Apollo's CommonJS build; the objects are the same.
    plugins: [...(protection.plugins as unknown as ApolloServerPlugin<GraphQLContext>[]), logUnexpectedErrors()],
    validationRules: protection.validationRules,
    formatError,
    introspection: limits.introspection,
    csrfPrevention: true,
    allowBatchedHttpRequests: false,
    includeStacktraceInErrorResponses: false,
  });
  await apollo.start();

  const app = express();
  app.disable('x-powered-by');
  app.set('trust proxy', 'loopback');
  app.use((req: Request, res: Response, next: NextFunction) => {
    const incoming = req.header('x-request-id');
    const requestId = incoming && /^[\w.-]{1,64}$/.test(incoming) ? incoming : randomUUID();
    res.locals.requestId = requestId;
    res.setHeader('x-request-id', requestId);
    next();
  });

  app.get('/healthz', async (_req, res) => {
    try {
      await db.em().getConnection().execute('select 1');
      res.json({ status: 'ok', database: db.kind });
    } catch (error) {
      logger.error({ err: error }, 'health check failed');
      res.status(503).json({ status: 'error', database: db.kind, message: 'database unreachable' });
    }
  });

  app.use(
    '/graphql',
    express.json({ limit: limits.maxBodyBytes }),
    rejectOversizedDocument(limits.maxDocumentBytes),
    expressMiddleware(apollo, {
      context: async ({ req, res }): Promise<GraphQLContext> => {
        const requestId = String(res.locals.requestId);
        const requestLogger = logger.child({ requestId });
        const authorization = req.header('authorization');
        try {
          const actor = await services.auth.resolveBearer(authorization);
          const token = authorization?.replace(/^Bearer\s+/i, '').trim() ?? null;
          return { requestId, actor, token, ip: req.ip ?? 'unknown', services, logger: requestLogger };
        } catch (error) {
          if (error instanceof DomainError) {
            const status = error.code === 'TOO_MANY_REQUESTS' ? 429 : 401;
            throw new GraphQLError(error.message, { extensions: { code: error.code, http: { status } } });
          }
          throw error;
        }
      },
    }),
  );

  const webDist = config.webDist;
  if (existsSync(path.join(webDist, 'index.html'))) {
    app.use(express.static(webDist, { index: 'index.html', maxAge: '1h' }));
    // The builder is a single-page app: unknown non-API paths get its shell.
    app.get(/^\/(?!graphql|healthz).*/, (_req, res) => res.sendFile(path.join(webDist, 'index.html')));
  } else {
    app.get('/', (_req, res) => res.type('text').send('Docket API is running at /graphql. Build the web app with `npm run build`.'));
  }

  // Body-parser failures (malformed JSON, body over the limit) answer in GraphQL's error shape.
  app.use((error: { status?: number; type?: string; message?: string }, _req: Request, res: Response, next: NextFunction) => {
    if (!error.status) return next(error);
    const code = error.type === 'entity.too.large' ? 'REQUEST_TOO_LARGE' : 'BAD_REQUEST';
    const message = error.type === 'entity.too.large'
      ? `request body is over the limit of ${limits.maxBodyBytes} bytes`
      : `request body is not valid JSON: ${error.message ?? 'parse error'}`;
    res.status(error.status).json({ errors: [{ message, extensions: { code } }] });
  });

  return { app, apollo };

  function logUnexpectedErrors(): ApolloServerPlugin<GraphQLContext> {
    return {
      async requestDidStart() {
        return {
          async didEncounterErrors({ errors, contextValue }) {
            for (const error of errors) {
              if (isUnexpectedError(error)) contextValue.logger.error({ err: error.originalError ?? error, path: error.path }, 'unexpected error');
            }
          },
        };
      },
    };
  }
}

function rejectOversizedDocument(maxBytes: number) {
  return (req: Request, res: Response, next: NextFunction): void => {
    const body: unknown = req.body;
    const query = typeof body === 'object' && body !== null ? (body as { query?: unknown }).query : undefined;
    if (typeof query === 'string' && Buffer.byteLength(query) > maxBytes) {
      res.status(413).json({
        errors: [{
          message: `GraphQL document is ${Buffer.byteLength(query)} bytes, over the limit of ${maxBytes} bytes`,
          extensions: { code: 'DOCUMENT_TOO_LARGE', limit: maxBytes },
        }],
      });
      return;
    }
    next();
  };
}
