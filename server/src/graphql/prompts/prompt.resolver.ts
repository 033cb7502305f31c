import { GraphQLJSON } from 'graphql-scalars';
import { Arg, Ctx, ID, Mutation, Query, Resolver } from 'type-graphql';
import type { GraphQLContext } from '../context.js';
import {
  PromptDiffType, PromptType, PromptTestResultType, PromptVersionInput, PromptVersionType, RenderedPromptType,
} from './prompt.types.js';

@Resolver()
export class PromptResolver {
  @Query(() => [PromptType])
  async prompts(@Ctx() ctx: GraphQLContext): Promise<PromptType[]> {
    return (await ctx.services.prompts.list(ctx.actor)).map((p) => PromptType.from(p));
  }

  @Query(() => PromptType, { nullable: true })
  async prompt(@Arg('key', () => String) key: string, @Ctx() ctx: GraphQLContext): Promise<PromptType | null> {
    const prompt = await ctx.services.prompts.get(ctx.actor, key);
    return prompt ? PromptType.from(prompt) : null;
  }

  @Query(() => PromptVersionType)
  async promptVersion(@Arg('id', () => ID) id: string, @Ctx() ctx: GraphQLContext): Promise<PromptVersionType> {
    return PromptVersionType.from(await ctx.services.prompts.getVersion(ctx.actor, id));
  }

  @Mutation(() => PromptVersionType)
  async createPromptVersion(
    @Arg('key', () => String) key: string,
    @Arg('input', () => PromptVersionInput) input: PromptVersionInput,
    @Ctx() ctx: GraphQLContext,
  ): Promise<PromptVersionType> {
    const messages = input.messages.map((m) => ({ role: m.role, template: m.template }));
    return PromptVersionType.from(await ctx.services.prompts.createVersion(ctx.actor, key, { ...input, messages }));
  }

  @Mutation(() => PromptVersionType)
  async submitPromptVersion(@Arg('id', () => ID) id: string, @Ctx() ctx: GraphQLContext): Promise<PromptVersionType> {
    return PromptVersionType.from(await ctx.services.prompts.submit(ctx.actor, id));
  }

  @Mutation(() => PromptVersionType)
  async approvePromptVersion(
    @Arg('id', () => ID) id: string,
    @Arg('note', () => String, { nullable: true }) note: string | null,
    @Ctx() ctx: GraphQLContext,
  ): Promise<PromptVersionType> {
    return PromptVersionType.from(await ctx.services.prompts.approve(ctx.actor, id, note));
  }

  @Mutation(() => PromptVersionType)
  async rejectPromptVersion(@Arg('id', () => ID) id: string, @Arg('note', () => String) note: string, @Ctx() ctx: GraphQLContext): Promise<PromptVersionType> {
    return PromptVersionType.from(await ctx.services.prompts.reject(ctx.actor, id, note));
  }

  @Mutation(() => PromptVersionType)
  async publishPromptVersion(@Arg('id', () => ID) id: string, @Ctx() ctx: GraphQLContext): Promise<PromptVersionType> {
    return PromptVersionType.from(await ctx.services.prompts.publish(ctx.actor, id));
  }

  @Mutation(() => PromptVersionType)
  async retirePromptVersion(
    @Arg('id', () => ID) id: string,
    @Arg('reason', () => String, { nullable: true }) reason: string | null,
    @Ctx() ctx: GraphQLContext,
  ): Promise<PromptVersionType> {
    return PromptVersionType.from(await ctx.services.prompts.retire(ctx.actor, id, reason));
  }

  @Mutation(() => PromptType)
  async setPromptLabel(
    @Arg('key', () => String) key: string,
    @Arg('label', () => String) label: string,
    @Arg('versionId', () => ID) versionId: string,
    @Arg('reason', () => String, { nullable: true }) reason: string | null,
    @Ctx() ctx: GraphQLContext,
  ): Promise<PromptType> {
    return PromptType.from(await ctx.services.prompts.setLabel(ctx.actor, key, label, versionId, reason));
  }

  @Query(() => PromptDiffType)
  async diffPromptVersions(@Arg('fromId', () => ID) fromId: string, @Arg('toId', () => ID) toId: string, @Ctx() ctx: GraphQLContext): Promise<PromptDiffType> {
    const diff = await ctx.services.prompts.diff(ctx.actor, fromId, toId);
    return Object.assign(new PromptDiffType(), diff);
  }

  @Query(() => RenderedPromptType)
  async renderPrompt(
    @Arg('versionId', () => ID) versionId: string,
    @Arg('variables', () => GraphQLJSON) variables: unknown,
    @Ctx() ctx: GraphQLContext,
  ): Promise<RenderedPromptType> {
    return Object.assign(new RenderedPromptType(), { messages: await ctx.services.prompts.render(ctx.actor, versionId, variables) });
  }

  @Mutation(() => PromptTestResultType)
  async testPromptVersion(
    @Arg('versionId', () => ID) versionId: string,
    @Arg('variables', () => GraphQLJSON) variables: unknown,
    @Ctx() ctx: GraphQLContext,
  ): Promise<PromptTestResultType> {
    return Object.assign(new PromptTestResultType(), await ctx.services.prompts.testVersion(ctx.actor, versionId, variables));
  }

  @Mutation(() => PromptVersionType, { description: 'Runs every test case against the model and stores the report on the version.' })
  async runPromptTests(@Arg('versionId', () => ID) versionId: string, @Ctx() ctx: GraphQLContext): Promise<PromptVersionType> {
    return PromptVersionType.from(await ctx.services.prompts.runTests(ctx.actor, versionId));
  }
}
