import type { Logger } from 'pino';
import type { LlmClient } from '../domain/prompt/index.js';
import type { AppConfig } from '../infra/config/config.js';
import type { Database } from '../infra/db/orm.js';
import { createLlmClient } from '../infra/llm/index.js';
import type { JobQueue } from '../infra/queue/job-queue.js';
import { AuditDrain } from './audit/audit-drain.js';
import { AuditQueryService } from './audit/audit-query.service.js';
import { ComplianceService } from './compliance/compliance.service.js';
import { PolicyService } from './policies/policy.service.js';
import { PromptService } from './prompts/prompt.service.js';
import { createEnginePorts } from './runs/engine-ports.js';
import { ReferenceData } from './runs/reference-data.js';
import { RunEngine } from './runs/run-engine.js';
import { RunMetricsService } from './runs/run-metrics.js';
import { RunService } from './runs/run.service.js';
import { SecretStore } from './secrets/secret-store.service.js';
import { TemplateService } from './templates/template.service.js';
import { AuthService } from './users/auth.service.js';
import { UserService } from './users/user.service.js';

/** The use-case services, built once per process and handed to resolvers through the context. */
export interface Services {
  auth: AuthService;
  users: UserService;
  policies: PolicyService;
  prompts: PromptService;
  templates: TemplateService;
  runs: RunService;
  audit: AuditQueryService;
  compliance: ComplianceService;
  secrets: SecretStore;
  engine: RunEngine;
  auditDrain: AuditDrain;
  metrics: RunMetricsService;
  llm: LlmClient;
}

export interface ServiceDeps {
  config: AppConfig;
  db: Database;
  queue: JobQueue;
  logger: Logger;
}

export async function createServices({ config, db, queue, logger }: ServiceDeps): Promise<Services> {
  const llm = createLlmClient(config.llm, { logger });
  const referenceData = await ReferenceData.load();
  const allowedBaseUrls = config.http.allowedBaseUrls;
  const secrets = new SecretStore(db);
  const auditDrain = new AuditDrain(db, logger);
  const engine = new RunEngine({
    db, queue, logger, allowedBaseUrls, auditDrain, jobExpireMarginSeconds: config.worker.jobExpireMarginSeconds,
    eagerDispatch: config.worker.eagerDispatch,
    ports: createEnginePorts({ llm, referenceData, em: () => db.em(), secrets }),
  });
  const runs = new RunService(db, engine, referenceData, logger);
  return {
    metrics: new RunMetricsService(db),
    runs,
    compliance: new ComplianceService(db, runs),
    auth: new AuthService(db, config.auth, logger),
    users: new UserService(db),
    policies: new PolicyService(db),
    prompts: new PromptService(db, llm),
    templates: new TemplateService(db, referenceData, allowedBaseUrls),
    audit: new AuditQueryService(db),
    secrets,
    engine,
    auditDrain,
    llm,
  };
}
