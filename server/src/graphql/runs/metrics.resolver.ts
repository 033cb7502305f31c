import { GraphQLDateTime, GraphQLJSON } from 'graphql-scalars';
import { Arg, Ctx, Field, Float, Int, ObjectType, Query, Resolver } from 'type-graphql';
import type { GraphQLContext } from '../context.js';

@ObjectType('Metrics', { description: 'Live runs only; test and shadow runs are left out.' })
export class MetricsType {
  @Field(() => Int) runs!: number;
  @Field(() => GraphQLJSON) byStatus!: Record<string, number>;
  @Field(() => GraphQLJSON) byOutcome!: Record<string, number>;
  @Field(() => Int, { description: 'Runs that opened at least one review task.' }) reviewed!: number;
  @Field(() => Float, { nullable: true, description: 'Finished runs that needed no person ÷ finished runs.' }) automationRate!: number | null;
  @Field(() => Int, { nullable: true }) durationMsP50!: number | null;
  @Field(() => Int, { nullable: true }) durationMsP95!: number | null;
  @Field(() => Int) tokens!: number;
  @Field(() => Float) costUsd!: number;
}

@Resolver()
export class MetricsResolver {
  @Query(() => MetricsType)
  async metrics(
    @Arg('templateKey', () => String, { nullable: true }) templateKey: string | null,
    @Arg('from', () => GraphQLDateTime, { nullable: true }) from: Date | null,
    @Arg('to', () => GraphQLDateTime, { nullable: true }) to: Date | null,
    @Ctx() ctx: GraphQLContext,
  ): Promise<MetricsType> {
    return Object.assign(new MetricsType(), await ctx.services.metrics.compute(ctx.actor, { templateKey, from, to }));
  }
}
