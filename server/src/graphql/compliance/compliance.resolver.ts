import { Arg, Ctx, ID, Query, Resolver } from 'type-graphql';
import type { GraphQLContext } from '../context.js';
import { PromptVersionType } from '../prompts/prompt.types.js';
import { PromptVersionUsageType, RunExplanationType } from './compliance.types.js';

@Resolver()
export class ComplianceResolver {
  @Query(() => [PromptVersionUsageType])
  async promptUsage(@Arg('key', () => String) key: string, @Ctx() ctx: GraphQLContext): Promise<PromptVersionUsageType[]> {
    const usage = await ctx.services.compliance.promptUsage(ctx.actor, key);
    return usage.map((u) => Object.assign(new PromptVersionUsageType(), { ...u, version: PromptVersionType.from(u.version) }));
  }

  @Query(() => RunExplanationType)
  async explainRun(@Arg('id', () => ID) id: string, @Ctx() ctx: GraphQLContext): Promise<RunExplanationType> {
    const { run, decisionSummary, timeline } = await ctx.services.compliance.explainRun(ctx.actor, id);
    return Object.assign(new RunExplanationType(), { runId: run.id, status: run.status, decisionSummary, timeline });
  }
}
