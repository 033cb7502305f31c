import { Arg, Ctx, Int, Query, Resolver } from 'type-graphql';
import type { GraphQLContext } from '../context.js';
import { AuditEventConnection, AuditEventType, AuditFilter, AuditVerification } from './audit.types.js';

@Resolver()
export class AuditResolver {
  @Query(() => AuditEventConnection)
  async auditEvents(
    @Arg('filter', () => AuditFilter, { nullable: true }) filter: AuditFilter | null,
    @Arg('first', () => Int, { nullable: true }) first: number | null,
    @Arg('after', () => String, { nullable: true }) after: string | null,
    @Ctx() ctx: GraphQLContext,
  ): Promise<AuditEventConnection> {
    const page = await ctx.services.audit.list(ctx.actor, filter ?? {}, first ?? 50, after);
    return Object.assign(new AuditEventConnection(), {
      nodes: page.events.map((e) => AuditEventType.from(e)),
      pageInfo: { hasNextPage: page.hasNextPage, endCursor: page.endCursor },
      totalCount: page.totalCount,
    });
  }

  @Query(() => AuditVerification)
  async verifyAuditChain(@Ctx() ctx: GraphQLContext): Promise<AuditVerification> {
    return Object.assign(new AuditVerification(), await ctx.services.audit.verify(ctx.actor));
  }
}
