import { Arg, Ctx, Mutation, Query, Resolver } from 'type-graphql';
import type { GraphQLContext } from '../context.js';
import { SecretInfo } from './secret.types.js';

@Resolver()
export class SecretResolver {
  @Query(() => [SecretInfo], { description: 'Names and timestamps of stored integration secrets; values are never returned.' })
  async secrets(@Ctx() ctx: GraphQLContext): Promise<SecretInfo[]> {
    return (await ctx.services.secrets.list(ctx.actor)).map((s) => SecretInfo.from(s));
  }

  @Mutation(() => SecretInfo, { description: 'Stores an integration secret encrypted, creating or replacing it; http steps reference it with secretRef { source: "store", name }.' })
  async setSecret(@Arg('name', () => String) name: string, @Arg('value', () => String) value: string, @Ctx() ctx: GraphQLContext): Promise<SecretInfo> {
    return SecretInfo.from(await ctx.services.secrets.set(ctx.actor, name, value));
  }
}
