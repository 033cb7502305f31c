import { GraphQLJSON } from 'graphql-scalars';
import { Arg, Ctx, FieldResolver, ID, Int, Mutation, Query, Resolver, Root } from 'type-graphql';
import type { GraphQLContext } from '../context.js';
import { ReviewDecision, ReviewStatus, ReviewTaskType, RunConnection, RunFilter, RunMode, RunType, StepView } from './run.types.js';

@Resolver(() => RunType)
export class RunResolver {
  @Mutation(() => RunType, { description: 'Validates the input, pins exact versions, stores the run and queues it. The same idempotencyKey returns the same run.' })
  async startRun(
    @Arg('templateKey', () => String) templateKey: string,
    @Arg('input', () => GraphQLJSON) input: unknown,
    @Arg('idempotencyKey', () => String, { nullable: true }) idempotencyKey: string | null,
    @Arg('mode', () => RunMode, { nullable: true }) mode: RunMode | null,
    @Arg('versionId', () => ID, { nullable: true, description: 'Test runs only: run this (draft) version.' }) versionId: string | null,
    @Ctx() ctx: GraphQLContext,
  ): Promise<RunType> {
    return view(ctx, await ctx.services.runs.start(ctx.actor, { templateKey, input, idempotencyKey, mode, versionId }));
  }

  @Mutation(() => RunType, { description: 'Replays a live run\'s input through another version: no HTTP calls, no review tasks.' })
  async startShadowRun(
    @Arg('templateVersionId', () => ID) templateVersionId: string,
    @Arg('runId', () => ID) runId: string,
    @Ctx() ctx: GraphQLContext,
  ): Promise<RunType> {
    return view(ctx, await ctx.services.runs.startShadow(ctx.actor, templateVersionId, runId));
  }

  @Query(() => RunType, { nullable: true })
  async run(@Arg('id', () => ID) id: string, @Ctx() ctx: GraphQLContext): Promise<RunType | null> {
    const run = await ctx.services.runs.get(ctx.actor, id);
    return run ? view(ctx, run) : null;
  }

  @Query(() => RunConnection)
  async runs(
    @Arg('filter', () => RunFilter, { nullable: true }) filter: RunFilter | null,
    @Arg('first', () => Int, { nullable: true }) first: number | null,
    @Arg('after', () => String, { nullable: true }) after: string | null,
    @Ctx() ctx: GraphQLContext,
  ): Promise<RunConnection> {
    const page = await ctx.services.runs.list(ctx.actor, filter ?? {}, first ?? 20, after);
    return Object.assign(new RunConnection(), {
      nodes: page.runs.map((r) => view(ctx, r)), pageInfo: { hasNextPage: page.hasNextPage, endCursor: page.endCursor }, totalCount: page.totalCount,
    });
  }

  @FieldResolver(() => [StepView])
  async steps(@Root() run: RunType, @Ctx() ctx: GraphQLContext): Promise<StepView[]> {
    return RunType.stepsOf(run.entity, await ctx.services.runs.steps(ctx.actor, run.id), run.pii);
  }

  @Mutation(() => RunType)
  async cancelRun(@Arg('id', () => ID) id: string, @Arg('reason', () => String, { nullable: true }) reason: string | null, @Ctx() ctx: GraphQLContext): Promise<RunType> {
    return view(ctx, await ctx.services.runs.cancel(ctx.actor, id, reason));
  }

  @Mutation(() => RunType, { description: 'Runs a failed run again from its failed step.' })
  async retryRun(@Arg('id', () => ID) id: string, @Ctx() ctx: GraphQLContext): Promise<RunType> {
    return view(ctx, await ctx.services.runs.retry(ctx.actor, id));
  }

  @Query(() => [ReviewTaskType])
  async reviewTasks(@Arg('status', () => ReviewStatus, { nullable: true }) status: ReviewStatus | null, @Ctx() ctx: GraphQLContext): Promise<ReviewTaskType[]> {
    return (await ctx.services.runs.reviewTasks(ctx.actor, status ?? ReviewStatus.open)).map((t) => ReviewTaskType.from(t, ctx.services.runs.piiView(ctx.actor, t.run)));
  }

  @Query(() => ReviewTaskType, { nullable: true })
  async reviewTask(@Arg('id', () => ID) id: string, @Ctx() ctx: GraphQLContext): Promise<ReviewTaskType | null> {
    const task = await ctx.services.runs.reviewTask(ctx.actor, id);
    return task ? ReviewTaskType.from(task, ctx.services.runs.piiView(ctx.actor, task.run)) : null;
  }

  @Mutation(() => ReviewTaskType)
  async decideReviewTask(
    @Arg('id', () => ID) id: string,
    @Arg('decision', () => ReviewDecision) decision: ReviewDecision,
    @Arg('edits', () => GraphQLJSON, { nullable: true, description: '{ "<JSON pointer of an editable field>": newValue }' }) edits: unknown,
    @Arg('comment', () => String, { nullable: true }) comment: string | null,
    @Ctx() ctx: GraphQLContext,
  ): Promise<ReviewTaskType> {
    const task = await ctx.services.runs.decideReviewTask(ctx.actor, id, decision, edits, comment);
    return ReviewTaskType.from(task, ctx.services.runs.piiView(ctx.actor, task.run));
  }

  @Mutation(() => GraphQLJSON, { nullable: true, description: 'Shows one masked value of a run, e.g. path "/input/customer_name"; every reveal is audited.' })
  async revealRunField(@Arg('runId', () => ID) runId: string, @Arg('path', () => String) path: string, @Ctx() ctx: GraphQLContext): Promise<unknown> {
    return ctx.services.runs.revealField(ctx.actor, runId, path);
  }
}

function view(ctx: GraphQLContext, run: Parameters<typeof RunType.from>[0]): RunType {
  return RunType.from(run, ctx.services.runs.piiView(ctx.actor, run));
}
