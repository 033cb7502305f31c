import { randomUUID } from 'node:crypto';
import { Entity, Index, ManyToOne, PrimaryKey, Property, Unique, type Opt, type Rel } from '@mikro-orm/core';
import type { RunMode, RunReferences, RunState, RunStatus } from '../../domain/engine/index.js';
import { EncryptedJsonType } from '../../infra/db/encrypted-json.type.js';
import { TemplateVersion } from '../templates/template-version.entity.js';

/**
 * One execution of a template version. `state` is the engine's whole run
 * state (context, step states, decided edges); the columns beside it are
 * what lists, filters and metrics read.
 */
@Entity({ tableName: 'runs' })
@Unique({ properties: ['templateKey', 'idempotencyKey'] })
@Index({ properties: ['status', 'createdAt'] })
export class Run {
  @PrimaryKey({ type: 'uuid' })
  id: Opt<string> = randomUUID();

  @ManyToOne({ entity: () => TemplateVersion })
  templateVersion!: Rel<TemplateVersion>;

  @Property({ type: 'text' })
  @Index()
  templateKey!: string;

  @Property({ type: 'text' })
  mode!: RunMode;

  @Property({ type: 'text' })
  status!: RunStatus;

  @Property({ type: 'text', nullable: true })
  outcome?: string | null;

  @Property({ type: 'text', nullable: true })
  idempotencyKey?: string | null;

  @Property({ type: EncryptedJsonType })
  input!: unknown;

  @Property({ type: EncryptedJsonType })
  state!: RunState;

  /** Exact policy and prompt versions, resolved from labels once at start. */
  @Property({ type: 'json' })
  references!: RunReferences;

  @Property({ type: EncryptedJsonType, nullable: true })
  output?: unknown;

  @Property({ type: 'text', nullable: true })
  decisionSummary?: string | null;

  @Property({ type: EncryptedJsonType, nullable: true })
  error?: unknown;

  /** For shadow runs: the live run whose input it replayed. */
  @Property({ type: 'uuid', nullable: true })
  shadowOf?: string | null;

  @Property({ type: 'text' })
  startedBy!: string;

  @Property({ type: 'integer' })
  tokens: Opt<number> = 0;

  @Property({ type: 'double' })
  costUsd: Opt<number> = 0;

  @Property({ type: 'datetime', length: 3 })
  createdAt: Opt<Date> = new Date();

  @Property({ type: 'datetime', length: 3 })
  updatedAt: Opt<Date> = new Date();

  @Property({ type: 'datetime', length: 3, nullable: true })
  finishedAt?: Date | null;

  /** When retention removed the payloads (input, context, outputs); the record and its audit trail remain. */
  @Property({ type: 'datetime', length: 3, nullable: true })
  purgedAt?: Date | null;
}
