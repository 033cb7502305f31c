import { randomUUID } from 'node:crypto';
import { Entity, ManyToOne, PrimaryKey, Property, Unique, type Opt, type Rel } from '@mikro-orm/core';
import type { FieldProblem } from '../../domain/errors/index.js';
import type { PolicyTestCase } from '../../domain/policy/index.js';
import { Policy } from './policy.entity.js';

export type PolicyStatus = 'draft' | 'published' | 'retired';

/** One immutable wording of a policy; editing creates the next version. */
@Entity({ tableName: 'policy_versions' })
@Unique({ properties: ['policy', 'version'] })
export class PolicyVersion {
  @PrimaryKey({ type: 'uuid' })
  id: Opt<string> = randomUUID();

  @ManyToOne({ entity: () => Policy, deleteRule: 'cascade' })
  policy!: Rel<Policy>;

  @Property({ type: 'integer' })
  version!: number;

  @Property({ type: 'text' })
  status: Opt<PolicyStatus> = 'draft';

  @Property({ type: 'json' })
  logic!: unknown;

  @Property({ type: 'json', nullable: true })
  inputSchema?: Record<string, unknown> | null;

  @Property({ type: 'json' })
  testCases!: PolicyTestCase[];

  @Property({ type: 'text', nullable: true })
  changelog?: string | null;

  /** sha256 of the canonical JSON of logic, input schema and test cases. */
  @Property({ type: 'text' })
  contentHash!: string;

  /** Static-check problems found at save time; a version with problems cannot be published. */
  @Property({ type: 'json' })
  problems: Opt<FieldProblem[]> = [];

  @Property({ type: 'uuid', nullable: true })
  authorId?: string | null;

  @Property({ type: 'text' })
  authorLabel!: string;

  @Property({ type: 'datetime', length: 3 })
  createdAt: Opt<Date> = new Date();

  @Property({ type: 'text', nullable: true })
  publishedBy?: string | null;

  @Property({ type: 'datetime', length: 3, nullable: true })
  publishedAt?: Date | null;

  @Property({ type: 'datetime', length: 3, nullable: true })
  retiredAt?: Date | null;
}
