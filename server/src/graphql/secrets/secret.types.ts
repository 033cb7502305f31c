import { Field, ObjectType } from 'type-graphql';
import { GraphQLDateTime } from 'graphql-scalars';
import type { Secret } from '../../modules/secrets/secret.entity.js';

/** What may be shown about a secret: never its value. */
@ObjectType('SecretInfo')
export class SecretInfo {
  @Field(() => String) name!: string;
  @Field(() => GraphQLDateTime) createdAt!: Date;
  @Field(() => GraphQLDateTime) updatedAt!: Date;

  static from(secret: Secret): SecretInfo {
    return Object.assign(new SecretInfo(), { name: secret.name, createdAt: secret.createdAt, updatedAt: secret.updatedAt });
  }
}
