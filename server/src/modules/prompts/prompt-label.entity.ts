import { randomUUID } from 'node:crypto';
import { Entity, ManyToOne, PrimaryKey, Property, Unique, type Opt, type Rel } from '@mikro-orm/core';
import { Prompt } from './prompt.entity.js';
import { PromptVersion } from './prompt-version.entity.js';

/** A movable name (`production`, `staging`, custom) pointing at one published version. */
@Entity({ tableName: 'prompt_labels' })
@Unique({ properties: ['prompt', 'label'] })
export class PromptLabel {
  @PrimaryKey({ type: 'uuid' })
  id: Opt<string> = randomUUID();

  @ManyToOne({ entity: () => Prompt, deleteRule: 'cascade' })
  prompt!: Rel<Prompt>;

  @Property({ type: 'text' })
  label!: string;

  @ManyToOne({ entity: () => PromptVersion })
  version!: Rel<PromptVersion>;

  @Property({ type: 'text' })
  movedBy!: string;

  @Property({ type: 'datetime', length: 3 })
  movedAt: Opt<Date> = new Date();
}
