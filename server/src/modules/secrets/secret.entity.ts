import { randomUUID } from 'node:crypto';
import { Entity, PrimaryKey, Property, Unique, type Opt } from '@mikro-orm/core';

/**
 * A credential for integrations (http steps reference it by name). The value
 * is stored only encrypted (`enc:v1:<keyId>:…`); `keyId` repeats the key so
 * rotation can find the values still under an old key without decrypting.
 */
@Entity({ tableName: 'secrets' })
export class Secret {
  @PrimaryKey({ type: 'uuid' })
  id: Opt<string> = randomUUID();

  @Property({ type: 'text' })
  @Unique()
  name!: string;

  @Property({ type: 'text', hidden: true })
  value!: string;

  @Property({ type: 'text' })
  keyId!: string;

  @Property({ type: 'text' })
  createdBy!: string;

  @Property({ type: 'text' })
  updatedBy!: string;

  @Property({ type: 'datetime', length: 3 })
  createdAt: Opt<Date> = new Date();

  @Property({ type: 'datetime', length: 3 })
  updatedAt: Opt<Date> = new Date();
}
