import type { Logger } from 'pino';
import { RateLimitError, UnauthenticatedError, ValidationError } from '../../domain/errors/index.js';
import { DUMMY_PASSWORD_HASH, generateSecret, hashSecret, verifyPassword } from '../../infra/crypto/secrets.js';
import type { Database } from '../../infra/db/orm.js';
import { SlidingWindowLimiter } from '../../infra/limits/sliding-window-limiter.js';
import { appendAuditEvent } from '../audit/audit.service.js';
import { authorize, createActor, requireAuthenticated, ANONYMOUS, type Actor } from '../auth/actor.js';
import { isRole, type Role } from '../auth/roles.js';
import { ApiKey } from './api-key.entity.js';
import { Session } from './session.entity.js';
import { User } from './user.entity.js';

export interface AuthSettings {
  sessionTtlHours: number;
  loginMaxAttempts: number;
  loginWindowSeconds: number;
}

// Same message for unknown accounts and wrong passwords: no user enumeration.
const BAD_CREDENTIALS = 'invalid email or password';

export class AuthService {
  private readonly loginFailures: SlidingWindowLimiter;
  private readonly keyCalls = new SlidingWindowLimiter(60_000);

  constructor(private readonly db: Database, private readonly settings: AuthSettings, private readonly logger: Logger) {
    this.loginFailures = new SlidingWindowLimiter(settings.loginWindowSeconds * 1000);
  }

  async login(email: string, password: string, ip: string): Promise<{ token: string; user: User }> {
    const normalized = email.trim().toLowerCase();
    this.assertLoginAllowed(`account:${normalized}`);
    this.assertLoginAllowed(`ip:${ip}`);
    const em = this.db.em();
    const user = await em.findOne(User, { email: normalized, active: true });
    const valid = await verifyPassword(password, user?.passwordHash ?? DUMMY_PASSWORD_HASH);
    if (!user || !valid) {
      this.loginFailures.hit(`account:${normalized}`, Number.MAX_SAFE_INTEGER);
      this.loginFailures.hit(`ip:${ip}`, Number.MAX_SAFE_INTEGER);
      this.logger.info({ email: normalized, ip }, 'login failed');
      throw new UnauthenticatedError(BAD_CREDENTIALS);
    }
    this.loginFailures.reset(`account:${normalized}`);
    const token = generateSecret('dks');
    const actor = createActor('user', user.id, user.id, user.email, user.roles);
    await em.transactional(async (tx) => {
      tx.create(Session, {
        user: tx.getReference(User, user.id),
        tokenHash: hashSecret(token),
        expiresAt: new Date(Date.now() + this.settings.sessionTtlHours * 3_600_000),
      });
      await appendAuditEvent(tx, actor, { action: 'auth.login', subjectType: 'User', subjectId: user.id, after: { ip } });
    });
    return { token, user };
  }

  async logout(actor: Actor, token: string): Promise<boolean> {
    requireAuthenticated(actor);
    const em = this.db.em();
    return em.transactional(async (tx) => {
      const session = await tx.findOne(Session, { tokenHash: hashSecret(token), revokedAt: null });
      if (!session) return false;
      session.revokedAt = new Date();
      await appendAuditEvent(tx, actor, { action: 'auth.logout', subjectType: 'Session', subjectId: session.id });
      return true;
    });
  }

  /** Resolves `Authorization: Bearer …` to an actor; a bad token is an error, a missing one is anonymous. */
  async resolveBearer(authorization: string | undefined): Promise<Actor> {
    if (!authorization) return ANONYMOUS;
    const match = /^Bearer\s+(\S+)$/i.exec(authorization.trim());
    if (!match?.[1]) throw new UnauthenticatedError('Authorization header must be "Bearer <token>"');
    const secret = match[1];
    const em = this.db.em();
    const now = new Date();
    if (secret.startsWith('dkk_')) {
      const key = await em.findOne(ApiKey, { secretHash: hashSecret(secret) }, { populate: ['owner'] });
      if (!key || key.revokedAt || (key.expiresAt && key.expiresAt <= now) || !key.owner.active) {
        throw new UnauthenticatedError('API key is invalid, expired or revoked');
      }
      if (key.rateLimitPerMinute) {
        const { allowed, retryAfterSeconds } = this.keyCalls.hit(key.id, key.rateLimitPerMinute);
        if (!allowed) throw new RateLimitError(`API key rate limit of ${key.rateLimitPerMinute}/min reached`, retryAfterSeconds);
      }
      // last-used is informational: a cheap single UPDATE, not part of the request's transaction.
      await em.nativeUpdate(ApiKey, { id: key.id }, { lastUsedAt: now });
      return createActor('api_key', key.id, key.owner.id, `api-key:${key.name}`, key.roles);
    }
    const session = await em.findOne(Session, { tokenHash: hashSecret(secret) }, { populate: ['user'] });
    if (!session || session.revokedAt || session.expiresAt <= now || !session.user.active) {
      throw new UnauthenticatedError('session is invalid or expired; log in again');
    }
    return createActor('user', session.user.id, session.user.id, session.user.email, session.user.roles);
  }

  async me(actor: Actor): Promise<User> {
    requireAuthenticated(actor);
    const user = await this.db.em().findOne(User, { id: actor.userId ?? '' });
    if (!user) throw new UnauthenticatedError();
    return user;
  }

  async createApiKey(
    actor: Actor,
    input: { name: string; roles: string[]; expiresAt?: Date | null; rateLimitPerMinute?: number | null },
  ): Promise<{ key: ApiKey; secret: string }> {
    authorize(actor, 'create', 'ApiKey');
    const name = input.name.trim();
    if (name.length === 0 || name.length > 100) throw ValidationError.single('/name', 'length', 'must be 1 to 100 characters');
    const roles = validateRoles(input.roles, '/roles');
    // A key never carries more power than the person who makes it.
    const escalated = roles.filter((role) => !actor.roles.includes(role) && !actor.roles.includes('admin'));
    if (escalated.length > 0) {
      throw ValidationError.single('/roles', 'subset-of-own-roles', `you cannot grant roles you do not have: ${escalated.join(', ')}`);
    }
    if (input.expiresAt && input.expiresAt <= new Date()) throw ValidationError.single('/expiresAt', 'future', 'must be in the future');
    if (input.rateLimitPerMinute !== undefined && input.rateLimitPerMinute !== null && input.rateLimitPerMinute < 1) {
      throw ValidationError.single('/rateLimitPerMinute', 'minimum', 'must be at least 1');
    }
    const secret = generateSecret('dkk');
    return this.db.em().transactional(async (tx) => {
      const owner = await tx.findOneOrFail(User, { id: actor.userId ?? '' });
      const key = tx.create(ApiKey, {
        name,
        roles,
        owner,
        secretHash: hashSecret(secret),
        prefix: secret.slice(0, 10),
        expiresAt: input.expiresAt ?? null,
        rateLimitPerMinute: input.rateLimitPerMinute ?? null,
      });
      await appendAuditEvent(tx, actor, {
        action: 'api_key.created', subjectType: 'ApiKey', subjectId: key.id,
        after: { name, roles, prefix: key.prefix, expiresAt: key.expiresAt ?? null, rateLimitPerMinute: key.rateLimitPerMinute ?? null },
      });
      return { key, secret };
    });
  }

  async listApiKeys(actor: Actor): Promise<ApiKey[]> {
    requireAuthenticated(actor);
    const all = actor.ability.can('manage', 'all');
    return this.db.em().find(ApiKey, all ? {} : { owner: actor.userId ?? '' }, { orderBy: { createdAt: 'desc' }, populate: ['owner'] });
  }

  async revokeApiKey(actor: Actor, id: string): Promise<ApiKey> {
    requireAuthenticated(actor);
    return this.db.em().transactional(async (tx) => {
      const key = await tx.findOne(ApiKey, { id }, { populate: ['owner'] });
      const mayRevoke = key && (key.owner.id === actor.userId || actor.ability.can('manage', 'all'));
      if (!key || !mayRevoke) throw new ValidationError(`API key ${id} not found`, [{ path: '/id', rule: 'exists', message: 'no such API key of yours' }]);
      if (!key.revokedAt) {
        key.revokedAt = new Date();
        await appendAuditEvent(tx, actor, { action: 'api_key.revoked', subjectType: 'ApiKey', subjectId: key.id, before: { revokedAt: null }, after: { revokedAt: key.revokedAt } });
      }
      return key;
    });
  }

  private assertLoginAllowed(key: string): void {
    if (this.loginFailures.count(key) >= this.settings.loginMaxAttempts) {
      throw new RateLimitError('too many failed sign-in attempts; try again later', this.settings.loginWindowSeconds);
    }
  }
}

export function validateRoles(roles: string[], path: string): Role[] {
  if (roles.length === 0) throw ValidationError.single(path, 'minItems', 'at least one role is required');
  const problems = roles
    .map((role, index) => ({ role, index }))
    .filter(({ role }) => !isRole(role))
    .map(({ role, index }) => ({ path: `${path}/${index}`, rule: 'enum', message: `unknown role "${role}"` }));
  if (problems.length > 0) throw new ValidationError(`unknown roles: ${problems.map((p) => p.message).join(', ')}`, problems);
  return [...new Set(roles)] as Role[];
}
