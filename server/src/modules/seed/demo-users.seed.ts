import { hashPassword } from '../../infra/crypto/secrets.js';
import type { Database } from '../../infra/db/orm.js';
import { appendAuditEvent } from '../audit/audit.service.js';
import { SYSTEM } from '../auth/actor.js';
import { ROLES } from '../auth/roles.js';
import { User } from '../users/user.entity.js';

export const DEMO_PASSWORD = 'demo';

/** One user per role, `<role>@demo.local` / `demo`. Creates only the missing ones. */
export async function seedDemoUsers(db: Database): Promise<string[]> {
  const em = db.em();
  const existing = new Set((await em.find(User, { email: { $like: '%@demo.local' } })).map((u) => u.email));
  const missing = ROLES.filter((role) => !existing.has(`${role}@demo.local`));
  if (missing.length === 0) return [];
  // One hash for all demo users: they share the password and hashing is deliberately slow.
  const passwordHash = await hashPassword(DEMO_PASSWORD);
  await em.transactional(async (tx) => {
    for (const role of missing) {
      const user = tx.create(User, { email: `${role}@demo.local`, displayName: `Demo ${role}`, passwordHash, roles: [role] });
      await appendAuditEvent(tx, SYSTEM, { action: 'user.created', subjectType: 'User', subjectId: user.id, after: { email: user.email, roles: user.roles }, reason: 'demo seed' });
    }
  });
  return missing.map((role) => `${role}@demo.local`);
}
