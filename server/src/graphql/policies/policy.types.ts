import { GraphQLDateTime, GraphQLJSON } from 'graphql-scalars';
import { Field, ID, InputType, Int, ObjectType } from 'type-graphql';
import type { Policy } from '../../modules/policies/policy.entity.js';
import type { PolicyVersion } from '../../modules/policies/policy-version.entity.js';

@ObjectType('FieldProblem', { description: 'A problem with an input: JSON pointer, rule and message.' })
export class FieldProblemType {
  @Field(() => String) path!: string;
  @Field(() => String) rule!: string;
  @Field(() => String) message!: string;
}

@ObjectType('PolicyVersion')
export class PolicyVersionType {
  @Field(() => ID) id!: string;
  @Field(() => String) policyKey!: string;
  @Field(() => Int) version!: number;
  @Field(() => String, { description: 'draft, published or retired' }) status!: string;
  @Field(() => GraphQLJSON) logic!: unknown;
  @Field(() => GraphQLJSON, { nullable: true }) inputSchema!: unknown;
  @Field(() => GraphQLJSON) testCases!: unknown;
  @Field(() => String, { nullable: true }) changelog!: string | null;
  @Field(() => String) contentHash!: string;
  @Field(() => [FieldProblemType], { description: 'Static-check problems; a version with problems cannot be published.' }) problems!: FieldProblemType[];
  @Field(() => String) author!: string;
  @Field(() => GraphQLDateTime) createdAt!: Date;
  @Field(() => String, { nullable: true }) publishedBy!: string | null;
  @Field(() => GraphQLDateTime, { nullable: true }) publishedAt!: Date | null;
  @Field(() => GraphQLDateTime, { nullable: true }) retiredAt!: Date | null;

  static from(v: PolicyVersion): PolicyVersionType {
    return Object.assign(new PolicyVersionType(), {
      id: v.id, policyKey: v.policy.key, version: v.version, status: v.status, logic: v.logic, inputSchema: v.inputSchema ?? null,
      testCases: v.testCases, changelog: v.changelog ?? null, contentHash: v.contentHash, problems: v.problems,
      author: v.authorLabel, createdAt: v.createdAt, publishedBy: v.publishedBy ?? null, publishedAt: v.publishedAt ?? null, retiredAt: v.retiredAt ?? null,
    });
  }
}

@ObjectType('Policy')
export class PolicyType {
  @Field(() => ID) id!: string;
  @Field(() => String) key!: string;
  @Field(() => String) name!: string;
  @Field(() => String) description!: string;
  @Field(() => [PolicyVersionType]) versions!: PolicyVersionType[];
  @Field(() => PolicyVersionType, { nullable: true, description: 'The newest published version.' }) published!: PolicyVersionType | null;
  @Field(() => PolicyVersionType, { nullable: true }) latest!: PolicyVersionType | null;

  static from(p: Policy): PolicyType {
    const versions = p.versions.getItems().map((v) => PolicyVersionType.from(v)).sort((a, b) => a.version - b.version);
    const published = versions.filter((v) => v.status === 'published').at(-1) ?? null;
    return Object.assign(new PolicyType(), {
      id: p.id, key: p.key, name: p.name, description: p.description, versions, published, latest: versions.at(-1) ?? null,
    });
  }
}

@InputType('PolicyVersionInput')
export class PolicyVersionInput {
  @Field(() => String, { nullable: true }) name?: string | null;
  @Field(() => String, { nullable: true }) description?: string | null;
  @Field(() => GraphQLJSON, { description: 'The JSON-logic rule.' }) logic!: unknown;
  @Field(() => GraphQLJSON, { nullable: true, description: 'JSON Schema of the data the rule reads.' }) inputSchema?: unknown;
  @Field(() => GraphQLJSON, { nullable: true, description: '[{ name, data, expected }]' }) testCases?: unknown;
  @Field(() => String, { nullable: true }) changelog?: string | null;
}

@ObjectType('PolicyEvaluation')
export class PolicyEvaluationType {
  @Field(() => GraphQLJSON, { nullable: true }) result!: unknown;
  @Field(() => GraphQLJSON, { description: 'Each sub-expression with its JSON pointer, arguments and value.' }) trace!: unknown;
  @Field(() => GraphQLJSON, { description: 'The variables the rule read, with their values.' }) varsRead!: unknown;
  @Field(() => String) explanation!: string;
}

@ObjectType('TestCaseResult')
export class TestCaseResultType {
  @Field(() => String) name!: string;
  @Field(() => Boolean) passed!: boolean;
  @Field(() => GraphQLJSON, { nullable: true }) expected!: unknown;
  @Field(() => GraphQLJSON, { nullable: true }) actual!: unknown;
  @Field(() => String, { nullable: true }) error!: string | null;
}

@ObjectType('TestReport')
export class TestReportType {
  @Field(() => Boolean) passed!: boolean;
  @Field(() => Int) total!: number;
  @Field(() => Int) failed!: number;
  @Field(() => [TestCaseResultType]) cases!: TestCaseResultType[];
  @Field(() => GraphQLJSON, { description: 'Branch coverage: { total, covered, branches: [{ pointer, branch, hit }] }' }) coverage!: unknown;
}
