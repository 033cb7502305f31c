import { ref, type Ref } from 'vue';
import { useGraphQLClient } from '../../../composables/use-graphql-client.js';
import type { AuditEventsQuery, AuditFilter } from '../../../generated/graphql.js';
import { asApiError, type ApiError } from '../../../lib/api-error.js';
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
  const events = ref<AuditEventRow[]>([]);
  const totalCount = ref<number | null>(null);
  const hasNextPage = ref(false);
  const loading = ref(true);
  const loadingMore = ref(false);
  const loadError = ref<ApiError | null>(null);
  let filter: AuditFilter = {};
  let cursor: string | null = null;
  let generation = 0;

  async function load(next: AuditFilter): Promise<void> {
    filter = next;
    const mine = ++generation;
    loading.value = true;
    loadError.value = null;
    try {
      const { auditEvents } = await client.request(AuditEventsDocument, { filter: next, first: pageSize });
      if (mine !== generation) return;
      events.value = auditEvents.nodes;
      totalCount.value = auditEvents.totalCount;
      hasNextPage.value = auditEvents.pageInfo.hasNextPage;
      cursor = auditEvents.pageInfo.endCursor ?? null;
    } catch (error) {
      if (mine === generation) loadError.value = asApiError(error);
    } finally {
      if (mine === generation) loading.value = false;
    }
  }

  async function loadMore(): Promise<void> {
    if (!hasNextPage.value || loadingMore.value || cursor === null) return;
    const mine = generation;
    loadingMore.value = true;
    loadError.value = null;
    try {
      const { auditEvents } = await client.request(AuditEventsDocument, { filter, first: pageSize, after: cursor });
      if (mine !== generation) return;
      events.value = [...events.value, ...auditEvents.nodes];
      totalCount.value = auditEvents.totalCount;
      hasNextPage.value = auditEvents.pageInfo.hasNextPage;
      cursor = auditEvents.pageInfo.endCursor ?? null;
    } catch (error) {
      if (mine === generation) loadError.value = asApiError(error);
    } finally {
      loadingMore.value = false;
    }
  }

  return { events, totalCount, hasNextPage, loading, loadingMore, loadError, load, loadMore };
}
