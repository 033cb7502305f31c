import { Arg, Ctx, ID, Int, Mutation, Query, Resolver } from 'type-graphql';
import { GraphQLDateTime } from 'graphql-scalars';
import type { GraphQLContext } from '../context.js';
import { ApiKeyType, AuthPayload, CreatedApiKey, NewUserInput, UserType } from './user.types.js';

@Resolver()
export class UserResolver {
  @Mutation(() => AuthPayload)
  async login(@Arg('email', () => String) email: string, @Arg('password', () => String) password: string, @Ctx() ctx: GraphQLContext): Promise<AuthPayload> {
    const { token, user } = await ctx.services.auth.login(email, password, ctx.ip);
    return Object.assign(new AuthPayload(), { token, user: UserType.from(user) });
  }

  @Mutation(() => Boolean, { description: 'Revokes the session token this request was made with.' })
  async logout(@Ctx() ctx: GraphQLContext): Promise<boolean> {
    return ctx.services.auth.logout(ctx.actor, ctx.token ?? '');
  }

  @Query(() => UserType)
  async me(@Ctx() ctx: GraphQLContext): Promise<UserType> {
    return UserType.from(await ctx.services.auth.me(ctx.actor));
  }

  @Query(() => [UserType])
  async users(@Ctx() ctx: GraphQLContext): Promise<UserType[]> {
    return (await ctx.services.users.list(ctx.actor)).map((u) => UserType.from(u));
  }

  @Mutation(() => UserType)
  async createUser(@Arg('input', () => NewUserInput) input: NewUserInput, @Ctx() ctx: GraphQLContext): Promise<UserType> {
    return UserType.from(await ctx.services.users.create(ctx.actor, input));
  }

  @Mutation(() => UserType)
  async setUserRoles(@Arg('id', () => ID) id: string, @Arg('roles', () => [String]) roles: string[], @Ctx() ctx: GraphQLContext): Promise<UserType> {
    return UserType.from(await ctx.services.users.setRoles(ctx.actor, id, roles));
  }

  @Mutation(() => CreatedApiKey)
  async createApiKey(
    @Arg('name', () => String) name: string,
    @Arg('roles', () => [String]) roles: string[],
    @Arg('expiresAt', () => GraphQLDateTime, { nullable: true }) expiresAt: Date | null,
    @Arg('rateLimitPerMinute', () => Int, { nullable: true }) rateLimitPerMinute: number | null,
    @Ctx() ctx: GraphQLContext,
  ): Promise<CreatedApiKey> {
    const { key, secret } = await ctx.services.auth.createApiKey(ctx.actor, { name, roles, expiresAt, rateLimitPerMinute });
    return Object.assign(new CreatedApiKey(), { id: key.id, secret, key: ApiKeyType.from(key) });
  }

  @Query(() => [ApiKeyType])
  async apiKeys(@Ctx() ctx: GraphQLContext): Promise<ApiKeyType[]> {
    return (await ctx.services.auth.listApiKeys(ctx.actor)).map((k) => ApiKeyType.from(k));
  }

  @Mutation(() => ApiKeyType)
  async revokeApiKey(@Arg('id', () => ID) id: string, @Ctx() ctx: GraphQLContext): Promise<ApiKeyType> {
    return ApiKeyType.from(await ctx.services.auth.revokeApiKey(ctx.actor, id));
  }
}
