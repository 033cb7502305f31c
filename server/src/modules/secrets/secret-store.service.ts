import { UniqueConstraintViolationException } from '@mikro-orm/core';
import { ConflictError, ValidationError } from '../../domain/errors/index.js';
import { currentKeyring } from '../../infra/crypto/process-keyring.js';
import type { Database } from '../../infra/db/orm.js';
import { appendAuditEvent } from '../audit/audit.service.js';
import { authorize, type Actor } from '../auth/actor.js';
import { Secret } from './secret.entity.js';

// The same names an http step's secretRef accepts.
const NAME = /^[A-Za-z_][A-Za-z0-9_.-]*$/;
const MAX_NAME_LENGTH = 100;
const MAX_VALUE_LENGTH = 16_384;

/**
 * Integration credentials, encrypted with the installation's keyring. Values
 * go in through setSecret and out only to the engine (an http step's header);
 * no API returns them, and the audit trail records that a secret changed, not
 * what it became.
 */
export class SecretStore {
  constructor(private readonly db: Database) {}

  async list(actor: Actor): Promise<Secret[]> {
    authorize(actor, 'read', 'Secret');
    return this.db.em().find(Secret, {}, { orderBy: { name: 'asc' } });
  }

  /** Creates the secret or replaces its value. */
  async set(actor: Actor, name: string, value: string): Promise<Secret> {
    authorize(actor, 'update', 'Secret');
    if (name.length > MAX_NAME_LENGTH || !NAME.test(name)) {
      throw ValidationError.single('/name', 'pattern', `must match ${NAME.source} and have at most ${MAX_NAME_LENGTH} characters`);
    }
    if (value.length === 0 || value.length > MAX_VALUE_LENGTH) {
      throw ValidationError.single('/value', 'length', `must have 1 to ${MAX_VALUE_LENGTH} characters`);
    }
    const keyring = currentKeyring();
    try {
      return await this.db.em().transactional(async (tx) => {
        const now = new Date();
        const existing = await tx.findOne(Secret, { name });
        const secret = existing ?? tx.create(Secret, { name, value: '', keyId: '', createdBy: actor.label, updatedBy: actor.label, createdAt: now });
        Object.assign(secret, { value: keyring.encrypt(value), keyId: keyring.currentKeyId, updatedBy: actor.label, updatedAt: now });
        await appendAuditEvent(tx, actor, {
          action: 'secret.set', subjectType: 'Secret', subjectId: secret.id,
          after: { name, keyId: keyring.currentKeyId, replaced: existing !== null },
        });
        return secret;
      });
    } catch (error) {
      if (error instanceof UniqueConstraintViolationException) throw new ConflictError(`secret ${name} was being set by someone else at the same time; try again`, { path: '/name' });
      throw error;
    }
  }

  /** For the engine only: no actor, because templates reach it through a step, not a person. */
  async read(name: string): Promise<string | undefined> {
    const secret = await this.db.em().findOne(Secret, { name });
    return secret ? currentKeyring().decrypt(secret.value) : undefined;
  }
}
