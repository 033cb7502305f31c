import { ConflictError, NotFoundError, ValidationError } from '../../domain/errors/index.js';
import { hashPassword } from '../../infra/crypto/secrets.js';
import type { Database } from '../../infra/db/orm.js';
import { appendAuditEvent } from '../audit/audit.service.js';
import { authorize, type Actor } from '../auth/actor.js';
import { validateRoles } from './auth.service.js';
import { User } from './user.entity.js';

const EMAIL = /^[^\s@]+@[^\s@]+\.[^\s@]+$/;

export interface NewUser {
  email: string;
  displayName?: string | null;
  password: string;
  roles: string[];
}

export class UserService {
  constructor(private readonly db: Database) {}

  async list(actor: Actor): Promise<User[]> {
    authorize(actor, 'read', 'User');
    return this.db.em().find(User, {}, { orderBy: { email: 'asc' } });
  }

  async create(actor: Actor, input: NewUser): Promise<User> {
    authorize(actor, 'create', 'User');
    const email = input.email.trim().toLowerCase();
    if (!EMAIL.test(email)) throw ValidationError.single('/email', 'format', 'must be an email address');
    if (input.password.length < 8) throw ValidationError.single('/password', 'minLength', 'must be at least 8 characters');
    const roles = validateRoles(input.roles, '/roles');
    const passwordHash = await hashPassword(input.password);
    return this.db.em().transactional(async (tx) => {
      if (await tx.count(User, { email })) throw new ConflictError(`a user with email ${email} already exists`, { path: '/email' });
      const user = tx.create(User, { email, displayName: input.displayName?.trim() || email, passwordHash, roles });
      await appendAuditEvent(tx, actor, { action: 'user.created', subjectType: 'User', subjectId: user.id, after: { email, roles } });
      return user;
    });
  }

  async setRoles(actor: Actor, userId: string, roles: string[]): Promise<User> {
    authorize(actor, 'update', 'User');
    const next = validateRoles(roles, '/roles');
    return this.db.em().transactional(async (tx) => {
      const user = await tx.findOne(User, { id: userId });
      if (!user) throw new NotFoundError('User', userId);
      const before = { roles: user.roles };
      user.roles = next;
      await appendAuditEvent(tx, actor, { action: 'user.roles_changed', subjectType: 'User', subjectId: user.id, before, after: { roles: next } });
      return user;
    });
  }
}
