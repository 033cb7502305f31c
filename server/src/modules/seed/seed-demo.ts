import type { Database } from '../../infra/db/orm.js';
import { seedDemoUsers } from './demo-users.seed.js';

/** The demo data `npm start` loads in embedded mode; each part is idempotent. */
export async function seedDemo(db: Database): Promise<string[]> {
  return seedDemoUsers(db);
}
