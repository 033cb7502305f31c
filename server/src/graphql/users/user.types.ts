import { Field, ID, InputType, Int, ObjectType } from 'type-graphql';
import { GraphQLDateTime } from 'graphql-scalars';
import type { ApiKey } from '../../modules/users/api-key.entity.js';
import type { User } from '../../modules/users/user.entity.js';

@ObjectType('User')
export class UserType {
  @Field(() => ID) id!: string;
  @Field(() => String) email!: string;
  @Field(() => String) displayName!: string;
  @Field(() => [String]) roles!: string[];
  @Field(() => Boolean) active!: boolean;
  @Field(() => GraphQLDateTime) createdAt!: Date;

  static from(user: User): UserType {
    return Object.assign(new UserType(), {
      id: user.id, email: user.email, displayName: user.displayName, roles: user.roles, active: user.active, createdAt: user.createdAt,
    });
  }
}

@ObjectType('AuthPayload')
export class AuthPayload {
  @Field(() => String) token!: string;
  @Field(() => UserType) user!: UserType;
}

@ObjectType('ApiKey')
export class ApiKeyType {
  @Field(() => ID) id!: string;
  @Field(() => String) name!: string;
  @Field(() => String) prefix!: string;
  @Field(() => [String]) roles!: string[];
  @Field(() => UserType) owner!: UserType;
  @Field(() => Int, { nullable: true }) rateLimitPerMinute!: number | null;
  @Field(() => GraphQLDateTime) createdAt!: Date;
  @Field(() => GraphQLDateTime, { nullable: true }) expiresAt!: Date | null;
  @Field(() => GraphQLDateTime, { nullable: true }) lastUsedAt!: Date | null;
  @Field(() => GraphQLDateTime, { nullable: true }) revokedAt!: Date | null;

  static from(key: ApiKey): ApiKeyType {
    return Object.assign(new ApiKeyType(), {
      id: key.id, name: key.name, prefix: key.prefix, roles: key.roles, owner: UserType.from(key.owner),
      rateLimitPerMinute: key.rateLimitPerMinute ?? null, createdAt: key.createdAt, expiresAt: key.expiresAt ?? null,
      lastUsedAt: key.lastUsedAt ?? null, revokedAt: key.revokedAt ?? null,
    });
  }
}

@ObjectType('CreatedApiKey')
export class CreatedApiKey {
  @Field(() => ID) id!: string;
  @Field(() => String, { description: 'Shown once; only a hash is stored.' }) secret!: string;
  @Field(() => ApiKeyType) key!: ApiKeyType;
}

@InputType('NewUserInput')
export class NewUserInput {
  @Field(() => String) email!: string;
  @Field(() => String, { nullable: true }) displayName?: string | null;
  @Field(() => String) password!: string;
  @Field(() => [String]) roles!: string[];
}
