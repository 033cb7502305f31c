import { randomUUID } from 'node:crypto';
import { Collection, Entity, OneToMany, PrimaryKey, Property, Unique, type Opt } from '@mikro-orm/core';
import { PromptLabel } from './prompt-label.entity.js';
import { PromptVersion } from './prompt-version.entity.js';

@Entity({ tableName: 'prompts' })
export class Prompt {
  @PrimaryKey({ type: 'uuid' })
  id: Opt<string> = randomUUID();

  @Property({ type: 'text' })
  @Unique()
  key!: string;

  @Property({ type: 'text' })
  name!: string;

  @Property({ type: 'text' })
  description: Opt<string> = '';

  @OneToMany({ entity: () => PromptVersion, mappedBy: 'prompt', orderBy: { version: 'asc' } })
  versions = new Collection<PromptVersion>(this);

  @OneToMany({ entity: () => PromptLabel, mappedBy: 'prompt', orderBy: { label: 'asc' } })
  labels = new Collection<PromptLabel>(this);

  @Property({ type: 'datetime', length: 3 })
  createdAt: Opt<Date> = new Date();
}
