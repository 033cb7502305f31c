import { randomUUID } from 'node:crypto';
import { Collection, Entity, OneToMany, PrimaryKey, Property, Unique, type Opt } from '@mikro-orm/core';
import { TemplateVersion } from './template-version.entity.js';

@Entity({ tableName: 'process_templates' })
export class ProcessTemplate {
  @PrimaryKey({ type: 'uuid' })
  id: Opt<string> = randomUUID();

  @Property({ type: 'text' })
  @Unique()
  key!: string;

  @Property({ type: 'text' })
  name!: string;

  @Property({ type: 'text' })
  description: Opt<string> = '';

  @OneToMany({ entity: () => TemplateVersion, mappedBy: 'template', orderBy: { version: 'asc' } })
  versions = new Collection<TemplateVersion>(this);

  @Property({ type: 'datetime', length: 3 })
  createdAt: Opt<Date> = new Date();
}
