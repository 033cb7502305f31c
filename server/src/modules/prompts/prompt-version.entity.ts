import { randomUUID } from 'node:crypto';
import { Entity, ManyToOne, PrimaryKey, Property, Unique, type Opt, type Rel } from '@mikro-orm/core';
import type { PromptSpec } from '../../domain/prompt/index.js';
import { Prompt } from './prompt.entity.js';

export type PromptStatus = 'draft' | 'in_review' | 'approved' | 'published' | 'retired';

/** Summary of the newest `runPromptTests` of a version; publishing to production needs `passed`. */
export interface StoredPromptTestReport {
  passed: boolean;
  passedCount: number;
  failedCount: number;
  at: string;
  by: string;
  results: unknown[];
}

@Entity({ tableName: 'prompt_versions' })
@Unique({ properties: ['prompt', 'version'] })
export class PromptVersion {
  @PrimaryKey({ type: 'uuid' })
  id: Opt<string> = randomUUID();

  @ManyToOne({ entity: () => Prompt, deleteRule: 'cascade' })
  prompt!: Rel<Prompt>;

  @Property({ type: 'integer' })
  version!: number;

  @Property({ type: 'text' })
  status: Opt<PromptStatus> = 'draft';

  /** Messages, examples, model, parameters, schemas, test cases and changelog. */
  @Property({ type: 'json' })
  spec!: PromptSpec;

  /** promptVersionHash(spec): what recordings, caches and runs refer to. */
  @Property({ type: 'text' })
  contentHash!: string;

  @Property({ type: 'uuid', nullable: true })
  authorId?: string | null;

  @Property({ type: 'text' })
  authorLabel!: string;

  @Property({ type: 'datetime', length: 3 })
  createdAt: Opt<Date> = new Date();

  @Property({ type: 'datetime', length: 3, nullable: true })
  submittedAt?: Date | null;

  @Property({ type: 'uuid', nullable: true })
  reviewerId?: string | null;

  @Property({ type: 'text', nullable: true })
  reviewerLabel?: string | null;

  @Property({ type: 'datetime', length: 3, nullable: true })
  reviewedAt?: Date | null;

  @Property({ type: 'text', nullable: true })
  reviewNote?: string | null;

  @Property({ type: 'datetime', length: 3, nullable: true })
  publishedAt?: Date | null;

  @Property({ type: 'datetime', length: 3, nullable: true })
  retiredAt?: Date | null;

  @Property({ type: 'json', nullable: true })
  lastTestReport?: StoredPromptTestReport | null;
}
