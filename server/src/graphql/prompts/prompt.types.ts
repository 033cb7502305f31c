import { GraphQLDateTime, GraphQLJSON } from 'graphql-scalars';
import { Field, Float, ID, InputType, Int, ObjectType } from 'type-graphql';
import type { PromptLabel } from '../../modules/prompts/prompt-label.entity.js';
import type { Prompt } from '../../modules/prompts/prompt.entity.js';
import type { PromptVersion } from '../../modules/prompts/prompt-version.entity.js';

@ObjectType('PromptMessage')
export class PromptMessageType {
  @Field(() => String, { description: 'system, user or assistant' }) role!: string;
  @Field(() => String, { description: 'LiquidJS template' }) template!: string;
}

@ObjectType('PromptParameters')
export class PromptParametersType {
  @Field(() => Float, { nullable: true }) temperature?: number;
  @Field(() => Int, { nullable: true }) maxTokens?: number;
  @Field(() => Int, { nullable: true }) seed?: number;
  @Field(() => Float, { nullable: true }) topP?: number;
}

@ObjectType('PromptVersion')
export class PromptVersionType {
  @Field(() => ID) id!: string;
  @Field(() => String) promptKey!: string;
  @Field(() => Int) version!: number;
  @Field(() => String, { description: 'draft, in_review, approved, published or retired' }) status!: string;
  @Field(() => [PromptMessageType]) messages!: PromptMessageType[];
  @Field(() => GraphQLJSON, { nullable: true }) examples!: unknown;
  @Field(() => String, { nullable: true }) model!: string | null;
  @Field(() => PromptParametersType) parameters!: PromptParametersType;
  @Field(() => GraphQLJSON, { nullable: true }) inputSchema!: unknown;
  @Field(() => GraphQLJSON) outputSchema!: unknown;
  @Field(() => GraphQLJSON) testCases!: unknown;
  @Field(() => String, { nullable: true }) changelog!: string | null;
  @Field(() => Boolean) pseudonymize!: boolean;
  @Field(() => String) contentHash!: string;
  @Field(() => String) author!: string;
  @Field(() => GraphQLDateTime) createdAt!: Date;
  @Field(() => GraphQLDateTime, { nullable: true }) submittedAt!: Date | null;
  @Field(() => String, { nullable: true, description: 'Who approved or rejected it.' }) reviewer!: string | null;
  @Field(() => GraphQLDateTime, { nullable: true }) reviewedAt!: Date | null;
  @Field(() => String, { nullable: true }) reviewNote!: string | null;
  @Field(() => GraphQLDateTime, { nullable: true }) publishedAt!: Date | null;
  @Field(() => GraphQLDateTime, { nullable: true }) retiredAt!: Date | null;
  @Field(() => GraphQLJSON, { nullable: true, description: 'The newest runPromptTests report.' }) lastTestReport!: unknown;

  static from(v: PromptVersion): PromptVersionType {
    const s = v.spec;
    return Object.assign(new PromptVersionType(), {
      id: v.id, promptKey: v.prompt.key, version: v.version, status: v.status, messages: s.messages, examples: s.examples ?? null,
      model: s.model ?? null, parameters: s.parameters, inputSchema: s.inputSchema ?? null, outputSchema: s.outputSchema,
      testCases: s.testCases, changelog: s.changelog ?? null, pseudonymize: s.pseudonymize ?? false, contentHash: v.contentHash, author: v.authorLabel, createdAt: v.createdAt,
      submittedAt: v.submittedAt ?? null, reviewer: v.reviewerLabel ?? null, reviewedAt: v.reviewedAt ?? null, reviewNote: v.reviewNote ?? null,
      publishedAt: v.publishedAt ?? null, retiredAt: v.retiredAt ?? null, lastTestReport: v.lastTestReport ?? null,
    });
  }
}

@ObjectType('PromptLabel')
export class PromptLabelType {
  @Field(() => String) label!: string;
  @Field(() => ID) versionId!: string;
  @Field(() => Int) version!: number;
  @Field(() => String) movedBy!: string;
  @Field(() => GraphQLDateTime) movedAt!: Date;

  static from(l: PromptLabel): PromptLabelType {
    return Object.assign(new PromptLabelType(), { label: l.label, versionId: l.version.id, version: l.version.version, movedBy: l.movedBy, movedAt: l.movedAt });
  }
}

@ObjectType('Prompt')
export class PromptType {
  @Field(() => ID) id!: string;
  @Field(() => String) key!: string;
  @Field(() => String) name!: string;
  @Field(() => String) description!: string;
  @Field(() => [PromptVersionType]) versions!: PromptVersionType[];
  @Field(() => [PromptLabelType]) labels!: PromptLabelType[];

  static from(p: Prompt): PromptType {
    return Object.assign(new PromptType(), {
      id: p.id, key: p.key, name: p.name, description: p.description,
      versions: p.versions.getItems().map((v) => PromptVersionType.from(v)).sort((a, b) => a.version - b.version),
      labels: p.labels.getItems().map((l) => PromptLabelType.from(l)),
    });
  }
}

@InputType('PromptMessageInput')
export class PromptMessageInput {
  @Field(() => String) role!: string;
  @Field(() => String) template!: string;
}

@InputType('PromptParametersInput')
export class PromptParametersInput {
  @Field(() => Float, { nullable: true }) temperature?: number | null;
  @Field(() => Int, { nullable: true }) maxTokens?: number | null;
  @Field(() => Int, { nullable: true }) seed?: number | null;
  @Field(() => Float, { nullable: true }) topP?: number | null;
}

@InputType('PromptVersionInput')
export class PromptVersionInput {
  @Field(() => String, { nullable: true }) name?: string | null;
  @Field(() => String, { nullable: true }) description?: string | null;
  @Field(() => [PromptMessageInput]) messages!: PromptMessageInput[];
  @Field(() => GraphQLJSON, { nullable: true, description: '[{ name, variables, output }] few-shot examples' }) examples?: unknown;
  @Field(() => String, { nullable: true, description: 'Overrides LLM_MODEL for this version.' }) model?: string | null;
  @Field(() => PromptParametersInput, { nullable: true }) parameters?: PromptParametersInput | null;
  @Field(() => GraphQLJSON, { nullable: true }) inputSchema?: unknown;
  @Field(() => GraphQLJSON) outputSchema!: unknown;
  @Field(() => GraphQLJSON, { nullable: true, description: '[{ name, variables, assertions }]' }) testCases?: unknown;
  @Field(() => String, { nullable: true }) changelog?: string | null;
  @Field(() => Boolean, { nullable: true, description: 'Send x-pii input fields as tokens (PERSON_1) and restore them in the answer.' }) pseudonymize?: boolean | null;
}

@ObjectType('RenderedMessage')
export class RenderedMessageType {
  @Field(() => String) role!: string;
  @Field(() => String) content!: string;
}

@ObjectType('RenderedPrompt')
export class RenderedPromptType {
  @Field(() => [RenderedMessageType]) messages!: RenderedMessageType[];
}

@ObjectType('PromptDiff')
export class PromptDiffType {
  @Field(() => GraphQLJSON, { description: 'Per message: [{ op: add|remove|same, text }] lines.' }) messages!: unknown;
  @Field(() => GraphQLJSON, { description: 'JSON diff of model, parameters, schemas: [{ path, op, from, to }].' }) changes!: unknown;
}

@ObjectType('PromptTestResult')
export class PromptTestResultType {
  @Field(() => GraphQLJSON, { nullable: true }) output!: unknown;
  @Field(() => Boolean) valid!: boolean;
  @Field(() => GraphQLJSON) validationErrors!: unknown;
  @Field(() => GraphQLJSON, { nullable: true }) error!: unknown;
  @Field(() => GraphQLJSON, { nullable: true }) usage!: unknown;
  @Field(() => Float) costUsd!: number;
  @Field(() => Int) latencyMs!: number;
  @Field(() => String, { nullable: true }) model!: string | null;
  @Field(() => Boolean) cached!: boolean;
  @Field(() => Boolean) repaired!: boolean;
  @Field(() => [RenderedMessageType]) messages!: RenderedMessageType[];
}
