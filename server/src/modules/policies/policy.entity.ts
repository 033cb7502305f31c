import { randomUUID } from 'node:crypto';
import { Collection, Entity, OneToMany, PrimaryKey, Property, Unique, type Opt } from '@mikro-orm/core';
import { PolicyVersion } from './policy-version.entity.js';

@Entity({ tableName: 'policies' })
export class Policy {
  @PrimaryKey({ type: 'uuid' })
  id: Opt<string> = randomUUID();

  @Property({ type: 'text' })
  @Unique()
  key!: string;

  @Property({ type: 'text' })
  name!: string;

  @Property({ type: 'text' })
  description: Opt<string> = '';

  @OneToMany({ entity: () => PolicyVersion, mappedBy: 'policy', orderBy: { version: 'asc' } })
  versions = new Collection<PolicyVersion>(this);

  @Property({ type: 'datetime', length: 3 })
  createdAt: Opt<Date> = new Date();

  @Property({ type: 'datetime', length: 3, onUpdate: () => new Date() })
  updatedAt: Opt<Date> = new Date();
}
