import { GraphQLDateTime, GraphQLJSON } from 'graphql-scalars';
import { Field, ID, Int, ObjectType } from 'type-graphql';
import { PromptVersionType } from '../prompts/prompt.types.js';

@ObjectType('PromptVersionUsage', { description: 'A prompt version with who wrote and approved it, its labels, and the runs that used it.' })
export class PromptVersionUsageType {
  @Field(() => PromptVersionType) version!: PromptVersionType;
  @Field(() => [String]) labels!: string[];
  @Field(() => Int) runCount!: number;
  @Field(() => [ID], { description: 'The newest 20.' }) recentRunIds!: string[];
}

@ObjectType('TimelineEntry')
export class TimelineEntryType {
  @Field(() => GraphQLDateTime) at!: Date;
  @Field(() => String) kind!: string;
  @Field(() => String) title!: string;
  @Field(() => String, { nullable: true }) actor!: string | null;
  @Field(() => GraphQLJSON, { nullable: true }) detail!: unknown;
}

@ObjectType('RunExplanation', { description: 'Everything that decided a run, in order: input, pinned versions, rendered prompts, model answers, policy traces, people.' })
export class RunExplanationType {
  @Field(() => ID) runId!: string;
  @Field(() => String) status!: string;
  @Field(() => String, { nullable: true }) decisionSummary!: string | null;
  @Field(() => [TimelineEntryType]) timeline!: TimelineEntryType[];
}
