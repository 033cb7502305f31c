import type { Ref } from 'vue';
import { useGraphQLClient } from '../../../composables/use-graphql-client.js';
import type { AuditEventsQuery, AuditFilter } from '../../../generated/graphql.js';
import { useConnection } from '../../../composables/use-connection.js';
import type { ApiError } from '../../../lib/api-error.js';
import type { GraphQLClient } from '../../../lib/graphql-client.js';
import { AuditEventsDocument } from '../audit.operations.js';

export type AuditEventRow = AuditEventsQuery['auditEvents']['nodes'][number];

export interface UseAuditEventsOptions {
  client?: GraphQLClient;
  /** Events per page (default 50). */
  pageSize?: number;
}

export interface UseAuditEvents {
  /** Newest first. */
  events: Ref<AuditEventRow[]>;
  totalCount: Ref<number | null>;
  hasNextPage: Ref<boolean>;
  loading: Ref<boolean>;
  loadingMore: Ref<boolean>;
  loadError: Ref<ApiError | null>;
  load(filter: AuditFilter): Promise<void>;
  loadMore(): Promise<void>;
}

export function useAuditEvents(options: UseAuditEventsOptions = {}): UseAuditEvents {
  const client = options.client ?? useGraphQLClient();
  const pageSize = options.pageSize ?? 50;
  const { items, ...connection } = useConnection<AuditEventRow, AuditFilter>(
    async (filter, after) => (await client.request(AuditEventsDocument, { filter, first: pageSize, ...(after ? { after } : {}) })).auditEvents,
    (event) => event.seq,
  );
  return { events: items, ...connection };
}
