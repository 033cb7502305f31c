import type { Logger } from 'pino';
import type { Database } from '../../infra/db/orm.js';
import type { Services } from '../services.js';
import { seedDemoUsers } from './demo-users.seed.js';
import { seedPolicies } from './policies.seed.js';
import { seedPrompts } from './prompts.seed.js';
import { seedTemplates } from './templates.seed.js';

/** The demo data `npm start` loads in embedded mode; each part is idempotent. */
export async function seedDemo(db: Database, services: Services, logger: Logger): Promise<string[]> {
  const users = await seedDemoUsers(db);
  const policies = await seedPolicies(services.policies);
  const prompts = await seedPrompts(services.prompts, logger);
  const templates = await seedTemplates(services.templates, logger);
  return [...users, ...policies, ...prompts, ...templates];
}
