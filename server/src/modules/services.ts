import type { Logger } from 'pino';
import type { AppConfig } from '../infra/config/config.js';
import type { Database } from '../infra/db/orm.js';
import { AuthService } from './users/auth.service.js';
import { UserService } from './users/user.service.js';

/** The use-case services, built once per process and handed to resolvers through the context. */
export interface Services {
  auth: AuthService;
  users: UserService;
}

export interface ServiceDeps {
  config: AppConfig;
  db: Database;
  logger: Logger;
}

export function createServices({ config, db, logger }: ServiceDeps): Services {
  return {
    auth: new AuthService(db, config.auth, logger),
    users: new UserService(db),
  };
}
