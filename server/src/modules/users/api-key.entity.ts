import { randomUUID } from 'node:crypto';
import { Entity, ManyToOne, PrimaryKey, Property, Unique, type Rel, type Opt } from '@mikro-orm/core';
import type { Role } from '../auth/roles.js';
import { User } from './user.entity.js';

/** An integrator credential; the secret is shown once and only its sha256 is kept. */
@Entity({ tableName: 'api_keys' })
export class ApiKey {
  @PrimaryKey({ type: 'uuid' })
  id: Opt<string> = randomUUID();

  @Property({ type: 'text' })
  name!: string;

  @ManyToOne({ entity: () => User, deleteRule: 'cascade' })
  owner!: Rel<User>;

  @Property({ type: 'json' })
  roles: Opt<Role[]> = [];

  @Property({ type: 'text', hidden: true })
  @Unique()
  secretHash!: string;

  /** The first characters of the secret, so people can tell keys apart. */
  @Property({ type: 'text' })
  prefix!: string;

  @Property({ type: 'integer', nullable: true })
  rateLimitPerMinute?: number | null;

  @Property({ type: 'datetime', length: 3 })
  createdAt: Opt<Date> = new Date();

  @Property({ type: 'datetime', length: 3, nullable: true })
  expiresAt?: Date | null;

  @Property({ type: 'datetime', length: 3, nullable: true })
  lastUsedAt?: Date | null;

  @Property({ type: 'datetime', length: 3, nullable: true })
  revokedAt?: Date | null;
}
