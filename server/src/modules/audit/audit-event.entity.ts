import { BigIntType, Entity, Index, OptionalProps, PrimaryKey, Property } from '@mikro-orm/core';

/**
 * One link of the append-only audit chain. `hash` covers the canonical JSON
 * of every other field plus `prevHash`; the database refuses UPDATE and
 * DELETE on this table (see the migration's trigger).
 */
@Entity({ tableName: 'audit_events' })
@Index({ properties: ['subjectType', 'subjectId'] })
export class AuditEvent {
  [OptionalProps]?: 'seq';

  @PrimaryKey({ type: new BigIntType('number'), autoincrement: true })
  seq!: number;

  @Property({ type: 'datetime', length: 3 })
  at!: Date;

  @Property({ type: 'text' })
  actorType!: string;

  @Property({ type: 'text', nullable: true })
  actorId?: string | null;

  @Property({ type: 'text', nullable: true })
  actorLabel?: string | null;

  @Property({ type: 'text' })
  @Index()
  action!: string;

  @Property({ type: 'text' })
  subjectType!: string;

  @Property({ type: 'text', nullable: true })
  subjectId?: string | null;

  @Property({ type: 'json', nullable: true })
  before?: unknown;

  @Property({ type: 'json', nullable: true })
  after?: unknown;

  @Property({ type: 'text', nullable: true })
  reason?: string | null;

  @Property({ type: 'text' })
  prevHash!: string;

  @Property({ type: 'text' })
  @Index()
  hash!: string;
}
