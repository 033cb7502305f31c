import type { Logger } from 'pino';
import type { AppConfig } from '../infra/config/config.js';
import type { Database } from '../infra/db/orm.js';
import type { LlmClient } from '../domain/prompt/index.js';
import { createLlmClient } from '../infra/llm/index.js';
import { AuditQueryService } from './audit/audit-query.service.js';
import { PolicyService } from './policies/policy.service.js';
import { PromptService } from './prompts/prompt.service.js';
import { AuthService } from './users/auth.service.js';
import { UserService } from './users/user.service.js';

/** The use-case services, built once per process and handed to resolvers through the context. */
export interface Services {
  auth: AuthService;
  users: UserService;
  policies: PolicyService;
  audit: AuditQueryService;
  prompts: PromptService;
  llm: LlmClient;
}

export interface ServiceDeps {
  config: AppConfig;
  db: Database;
  logger: Logger;
}

export function createServices({ config, db, logger }: ServiceDeps): Services {
  const llm = createLlmClient(config.llm, { logger });
  return {
    llm,
    prompts: new PromptService(db, llm),
    auth: new AuthService(db, config.auth, logger),
    users: new UserService(db),
    policies: new PolicyService(db),
    audit: new AuditQueryService(db),
  };
}
