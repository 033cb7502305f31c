import { Arg, Ctx, ID, Mutation, Query, Resolver } from 'type-graphql';
import type { GraphQLContext } from '../context.js';
import { ProcessTemplateType, TemplateProblemType, TemplateVersionInput, TemplateVersionType } from './template.types.js';

@Resolver()
export class TemplateResolver {
  @Query(() => [ProcessTemplateType])
  async templates(@Ctx() ctx: GraphQLContext): Promise<ProcessTemplateType[]> {
    return (await ctx.services.templates.list(ctx.actor)).map((t) => ProcessTemplateType.from(t));
  }

  @Query(() => ProcessTemplateType, { nullable: true })
  async template(@Arg('key', () => String) key: string, @Ctx() ctx: GraphQLContext): Promise<ProcessTemplateType | null> {
    const template = await ctx.services.templates.get(ctx.actor, key);
    return template ? ProcessTemplateType.from(template) : null;
  }

  @Query(() => TemplateVersionType)
  async templateVersion(@Arg('id', () => ID) id: string, @Ctx() ctx: GraphQLContext): Promise<TemplateVersionType> {
    return TemplateVersionType.from(await ctx.services.templates.getVersion(ctx.actor, id));
  }

  @Query(() => [TemplateProblemType])
  async validateTemplate(@Arg('input', () => TemplateVersionInput) input: TemplateVersionInput, @Ctx() ctx: GraphQLContext): Promise<TemplateProblemType[]> {
    const problems = await ctx.services.templates.validate(ctx.actor, input.spec);
    return problems.map((p) => Object.assign(new TemplateProblemType(), { stepId: p.stepId ?? null, path: p.path, rule: p.rule, message: p.message }));
  }

  @Mutation(() => TemplateVersionType)
  async createTemplateVersion(
    @Arg('key', () => String) key: string,
    @Arg('input', () => TemplateVersionInput) input: TemplateVersionInput,
    @Ctx() ctx: GraphQLContext,
  ): Promise<TemplateVersionType> {
    return TemplateVersionType.from(await ctx.services.templates.createVersion(ctx.actor, key, { ...input }));
  }

  @Mutation(() => TemplateVersionType)
  async publishTemplateVersion(@Arg('id', () => ID) id: string, @Ctx() ctx: GraphQLContext): Promise<TemplateVersionType> {
    return TemplateVersionType.from(await ctx.services.templates.publish(ctx.actor, id));
  }

  @Mutation(() => TemplateVersionType)
  async retireTemplateVersion(
    @Arg('id', () => ID) id: string,
    @Arg('reason', () => String, { nullable: true }) reason: string | null,
    @Ctx() ctx: GraphQLContext,
  ): Promise<TemplateVersionType> {
    return TemplateVersionType.from(await ctx.services.templates.retire(ctx.actor, id, reason));
  }
}
