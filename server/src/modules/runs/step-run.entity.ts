import { randomUUID } from 'node:crypto';
import { Entity, ManyToOne, PrimaryKey, Property, Unique, type Opt, type Rel } from '@mikro-orm/core';
import { EncryptedJsonType } from '../../infra/db/encrypted-json.type.js';
import { Run } from './run.entity.js';

/**
 * The record of one attempt of one step. The unique key is what makes a
 * redelivered job harmless: its result cannot be written a second time.
 */
@Entity({ tableName: 'step_runs' })
@Unique({ properties: ['run', 'stepId', 'attempt'] })
export class StepRun {
  @PrimaryKey({ type: 'uuid' })
  id: Opt<string> = randomUUID();

  @ManyToOne({ entity: () => Run, deleteRule: 'cascade' })
  run!: Rel<Run>;

  @Property({ type: 'text' })
  stepId!: string;

  @Property({ type: 'text' })
  kind!: string;

  @Property({ type: 'integer' })
  attempt!: number;

  /** succeeded, failed or review (the result was handed to a person). */
  @Property({ type: 'text' })
  status!: string;

  @Property({ type: EncryptedJsonType, nullable: true })
  input?: unknown;

  @Property({ type: EncryptedJsonType, nullable: true })
  output?: unknown;

  /** Policy trace; prompt version hash, model, usage; validation errors. */
  @Property({ type: EncryptedJsonType, nullable: true })
  explanation?: unknown;

  @Property({ type: EncryptedJsonType, nullable: true })
  error?: unknown;

  @Property({ type: 'integer' })
  durationMs!: number;

  @Property({ type: 'integer' })
  tokens: Opt<number> = 0;

  @Property({ type: 'double' })
  costUsd: Opt<number> = 0;

  /** host:pid of the process that executed the attempt, to trace a problem to a worker. */
  @Property({ type: 'text', nullable: true })
  worker?: string | null;

  @Property({ type: 'datetime', length: 3 })
  startedAt!: Date;

  @Property({ type: 'datetime', length: 3 })
  finishedAt!: Date;
}
