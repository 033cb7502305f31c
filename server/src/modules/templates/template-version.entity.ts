import { randomUUID } from 'node:crypto';
import { Entity, ManyToOne, PrimaryKey, Property, Unique, type Opt, type Rel } from '@mikro-orm/core';
import type { TemplateProblem, TemplateSpec } from '../../domain/template/index.js';
import { ProcessTemplate } from './process-template.entity.js';

export type TemplateStatus = 'draft' | 'published' | 'retired';

@Entity({ tableName: 'template_versions' })
@Unique({ properties: ['template', 'version'] })
export class TemplateVersion {
  @PrimaryKey({ type: 'uuid' })
  id: Opt<string> = randomUUID();

  @ManyToOne({ entity: () => ProcessTemplate, deleteRule: 'cascade' })
  template!: Rel<ProcessTemplate>;

  @Property({ type: 'integer' })
  version!: number;

  @Property({ type: 'text' })
  status: Opt<TemplateStatus> = 'draft';

  /** Input schema, steps with canvas positions, edges and settings. */
  @Property({ type: 'json' })
  spec!: TemplateSpec;

  @Property({ type: 'text' })
  contentHash!: string;

  /** validateTemplate's findings at save time; publishing needs none. */
  @Property({ type: 'json' })
  problems: Opt<TemplateProblem[]> = [];

  @Property({ type: 'uuid', nullable: true })
  authorId?: string | null;

  @Property({ type: 'text' })
  authorLabel!: string;

  @Property({ type: 'text', nullable: true })
  changelog?: string | null;

  @Property({ type: 'datetime', length: 3 })
  createdAt: Opt<Date> = new Date();

  @Property({ type: 'text', nullable: true })
  publishedBy?: string | null;

  @Property({ type: 'datetime', length: 3, nullable: true })
  publishedAt?: Date | null;

  @Property({ type: 'datetime', length: 3, nullable: true })
  retiredAt?: Date | null;
}
