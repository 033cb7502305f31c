import { GraphQLDateTime, GraphQLJSON } from 'graphql-scalars';
import { Field, ID, InputType, Int, ObjectType } from 'type-graphql';
import type { AuditEvent } from '../../modules/audit/audit-event.entity.js';

@ObjectType('AuditEvent')
export class AuditEventType {
  @Field(() => ID) seq!: string;
  @Field(() => GraphQLDateTime) at!: Date;
  @Field(() => String) actorType!: string;
  @Field(() => String, { nullable: true }) actorId!: string | null;
  @Field(() => String, { nullable: true }) actor!: string | null;
  @Field(() => String) action!: string;
  @Field(() => String) subjectType!: string;
  @Field(() => String, { nullable: true }) subjectId!: string | null;
  @Field(() => GraphQLJSON, { nullable: true }) before!: unknown;
  @Field(() => GraphQLJSON, { nullable: true }) after!: unknown;
  @Field(() => String, { nullable: true }) reason!: string | null;
  @Field(() => String) prevHash!: string;
  @Field(() => String) hash!: string;

  static from(e: AuditEvent): AuditEventType {
    return Object.assign(new AuditEventType(), {
      seq: String(e.seq), at: e.at, actorType: e.actorType, actorId: e.actorId ?? null, actor: e.actorLabel ?? null, action: e.action,
      subjectType: e.subjectType, subjectId: e.subjectId ?? null, before: e.before ?? null, after: e.after ?? null, reason: e.reason ?? null,
      prevHash: e.prevHash, hash: e.hash,
    });
  }
}

@ObjectType('PageInfo')
export class PageInfo {
  @Field(() => Boolean) hasNextPage!: boolean;
  @Field(() => String, { nullable: true }) endCursor!: string | null;
}

@ObjectType('AuditEventConnection')
export class AuditEventConnection {
  @Field(() => [AuditEventType]) nodes!: AuditEventType[];
  @Field(() => PageInfo) pageInfo!: PageInfo;
  @Field(() => Int) totalCount!: number;
}

@InputType('AuditFilter')
export class AuditFilter {
  @Field(() => String, { nullable: true, description: 'Exact action, or a prefix ending in * (e.g. "prompt_version.*").' }) action?: string | null;
  @Field(() => String, { nullable: true }) subjectType?: string | null;
  @Field(() => String, { nullable: true }) subjectId?: string | null;
  @Field(() => String, { nullable: true }) actorId?: string | null;
  @Field(() => GraphQLDateTime, { nullable: true }) from?: Date | null;
  @Field(() => GraphQLDateTime, { nullable: true }) to?: Date | null;
}

@ObjectType('AuditVerification')
export class AuditVerification {
  @Field(() => Boolean) ok!: boolean;
  @Field(() => Int) checked!: number;
  @Field(() => String, { nullable: true, description: 'seq of the first event that breaks the chain' }) brokenAt!: string | null;
  @Field(() => String, { nullable: true }) reason!: string | null;
}
