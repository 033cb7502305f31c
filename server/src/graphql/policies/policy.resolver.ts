import { GraphQLJSON } from 'graphql-scalars';
import { Arg, Ctx, ID, Mutation, Query, Resolver } from 'type-graphql';
import type { GraphQLContext } from '../context.js';
import { PolicyEvaluationType, PolicyType, PolicyVersionInput, PolicyVersionType, TestReportType } from './policy.types.js';

@Resolver()
export class PolicyResolver {
  @Query(() => [PolicyType])
  async policies(@Ctx() ctx: GraphQLContext): Promise<PolicyType[]> {
    return (await ctx.services.policies.list(ctx.actor)).map((p) => PolicyType.from(p));
  }

  @Query(() => PolicyType, { nullable: true })
  async policy(@Arg('key', () => String) key: string, @Ctx() ctx: GraphQLContext): Promise<PolicyType | null> {
    const policy = await ctx.services.policies.get(ctx.actor, key);
    return policy ? PolicyType.from(policy) : null;
  }

  @Query(() => PolicyVersionType)
  async policyVersion(@Arg('id', () => ID) id: string, @Ctx() ctx: GraphQLContext): Promise<PolicyVersionType> {
    return PolicyVersionType.from(await ctx.services.policies.getVersion(ctx.actor, id));
  }

  @Mutation(() => PolicyVersionType)
  async createPolicyVersion(
    @Arg('key', () => String) key: string,
    @Arg('input', () => PolicyVersionInput) input: PolicyVersionInput,
    @Ctx() ctx: GraphQLContext,
  ): Promise<PolicyVersionType> {
    return PolicyVersionType.from(await ctx.services.policies.createVersion(ctx.actor, key, { ...input }));
  }

  @Mutation(() => PolicyVersionType)
  async publishPolicyVersion(@Arg('id', () => ID) id: string, @Ctx() ctx: GraphQLContext): Promise<PolicyVersionType> {
    return PolicyVersionType.from(await ctx.services.policies.publish(ctx.actor, id));
  }

  @Mutation(() => PolicyVersionType)
  async retirePolicyVersion(
    @Arg('id', () => ID) id: string,
    @Arg('reason', () => String, { nullable: true }) reason: string | null,
    @Ctx() ctx: GraphQLContext,
  ): Promise<PolicyVersionType> {
    return PolicyVersionType.from(await ctx.services.policies.retire(ctx.actor, id, reason));
  }

  @Query(() => PolicyEvaluationType)
  async evaluatePolicy(
    @Arg('data', () => GraphQLJSON) data: unknown,
    @Arg('logic', () => GraphQLJSON, { nullable: true }) logic: unknown,
    @Arg('versionId', () => ID, { nullable: true }) versionId: string | null,
    @Ctx() ctx: GraphQLContext,
  ): Promise<PolicyEvaluationType> {
    return Object.assign(new PolicyEvaluationType(), await ctx.services.policies.evaluate(ctx.actor, { logic, versionId, data }));
  }

  @Mutation(() => String, { description: 'The version (default: the latest) as a policies/*.json file; audited.' })
  async exportPolicyFile(
    @Arg('key', () => String) key: string,
    @Arg('versionId', () => ID, { nullable: true }) versionId: string | null,
    @Ctx() ctx: GraphQLContext,
  ): Promise<string> {
    return ctx.services.policies.exportFile(ctx.actor, key, versionId);
  }

  @Query(() => TestReportType)
  async runPolicyTests(@Arg('versionId', () => ID) versionId: string, @Ctx() ctx: GraphQLContext): Promise<TestReportType> {
    return Object.assign(new TestReportType(), await ctx.services.policies.runTests(ctx.actor, versionId));
  }
}
