import { GraphQLDateTime, GraphQLJSON } from 'graphql-scalars';
import { Field, ID, InputType, Int, ObjectType } from 'type-graphql';
import type { ProcessTemplate } from '../../modules/templates/process-template.entity.js';
import type { TemplateVersion } from '../../modules/templates/template-version.entity.js';

@ObjectType('TemplateProblem', { description: 'A design-time problem: the step, a JSON pointer into the template, and what is wrong.' })
export class TemplateProblemType {
  @Field(() => String, { nullable: true }) stepId!: string | null;
  @Field(() => String) path!: string;
  @Field(() => String) rule!: string;
  @Field(() => String) message!: string;
}

@ObjectType('TemplateVersion')
export class TemplateVersionType {
  @Field(() => ID) id!: string;
  @Field(() => String) templateKey!: string;
  @Field(() => Int) version!: number;
  @Field(() => String, { description: 'draft, published or retired' }) status!: string;
  @Field(() => GraphQLJSON, { description: '{ inputSchema, steps, edges, settings }' }) spec!: unknown;
  @Field(() => String) contentHash!: string;
  @Field(() => [TemplateProblemType]) problems!: TemplateProblemType[];
  @Field(() => String) author!: string;
  @Field(() => String, { nullable: true }) changelog!: string | null;
  @Field(() => GraphQLDateTime) createdAt!: Date;
  @Field(() => String, { nullable: true }) publishedBy!: string | null;
  @Field(() => GraphQLDateTime, { nullable: true }) publishedAt!: Date | null;

  static from(v: TemplateVersion): TemplateVersionType {
    return Object.assign(new TemplateVersionType(), {
      id: v.id, templateKey: v.template.key, version: v.version, status: v.status, spec: v.spec, contentHash: v.contentHash,
      problems: v.problems.map((p) => ({ stepId: p.stepId ?? null, path: p.path, rule: p.rule, message: p.message })),
      author: v.authorLabel, changelog: v.changelog ?? null, createdAt: v.createdAt, publishedBy: v.publishedBy ?? null, publishedAt: v.publishedAt ?? null,
    });
  }
}

@ObjectType('ProcessTemplate')
export class ProcessTemplateType {
  @Field(() => ID) id!: string;
  @Field(() => String) key!: string;
  @Field(() => String) name!: string;
  @Field(() => String) description!: string;
  @Field(() => [TemplateVersionType]) versions!: TemplateVersionType[];
  @Field(() => TemplateVersionType, { nullable: true }) published!: TemplateVersionType | null;

  static from(t: ProcessTemplate): ProcessTemplateType {
    const versions = t.versions.getItems().map((v) => TemplateVersionType.from(v)).sort((a, b) => a.version - b.version);
    return Object.assign(new ProcessTemplateType(), {
      id: t.id, key: t.key, name: t.name, description: t.description, versions,
      published: versions.filter((v) => v.status === 'published').at(-1) ?? null,
    });
  }
}

@InputType('TemplateVersionInput')
export class TemplateVersionInput {
  @Field(() => String, { nullable: true }) name?: string | null;
  @Field(() => String, { nullable: true }) description?: string | null;
  @Field(() => GraphQLJSON, { description: '{ inputSchema, steps: [{ id, kind, config, position }], edges: [{ id, from, to, condition }], settings }' }) spec!: unknown;
  @Field(() => String, { nullable: true }) changelog?: string | null;
}
