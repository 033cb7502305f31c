import { randomUUID } from 'node:crypto';
import { Entity, Index, ManyToOne, PrimaryKey, Property, type Opt, type Rel } from '@mikro-orm/core';
import type { ReviewRequest } from '../../domain/engine/index.js';
import { EncryptedJsonType } from '../../infra/db/encrypted-json.type.js';
import { Run } from './run.entity.js';

export type ReviewTaskStatus = 'open' | 'decided' | 'cancelled';

/** A person's decision the run waits for, without holding a worker. */
@Entity({ tableName: 'review_tasks' })
@Index({ properties: ['status', 'role'] })
export class ReviewTask {
  @PrimaryKey({ type: 'uuid' })
  id: Opt<string> = randomUUID();

  @ManyToOne({ entity: () => Run, deleteRule: 'cascade' })
  run!: Rel<Run>;

  @Property({ type: 'text' })
  stepId!: string;

  @Property({ type: 'text' })
  status: Opt<ReviewTaskStatus> = 'open';

  /** The role that decides now; becomes the escalation role when overdue. */
  @Property({ type: 'text' })
  role!: string;

  @Property({ type: 'text', nullable: true })
  escalationRole?: string | null;

  @Property({ type: 'datetime', length: 3, nullable: true })
  escalatedAt?: Date | null;

  @Property({ type: 'text' })
  title!: string;

  /** Fields to confirm or edit, with the values at the time the task opened, and why it opened. */
  @Property({ type: EncryptedJsonType })
  request!: ReviewRequest;

  @Property({ type: 'datetime', length: 3 })
  dueAt!: Date;

  @Property({ type: 'text', nullable: true })
  decision?: string | null;

  @Property({ type: EncryptedJsonType, nullable: true })
  edits?: Record<string, unknown> | null;

  @Property({ type: 'text', nullable: true })
  comment?: string | null;

  @Property({ type: 'text', nullable: true })
  decidedBy?: string | null;

  @Property({ type: 'datetime', length: 3, nullable: true })
  decidedAt?: Date | null;

  @Property({ type: 'datetime', length: 3 })
  createdAt: Opt<Date> = new Date();
}
