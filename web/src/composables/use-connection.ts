import { ref, type Ref } from 'vue';
import { asApiError, type ApiError } from '../lib/api-error.js';

/** One page of a GraphQL connection (runs, audit events): nodes plus where to continue. */
export interface ConnectionPage<T> {
  nodes: readonly T[];
  totalCount: number;
  pageInfo: { hasNextPage: boolean; endCursor?: string | null };
}

export interface UseConnection<T, F> {
  /** Every page loaded so far, in server order. */
  items: Ref<T[]>;
  totalCount: Ref<number | null>;
  hasNextPage: Ref<boolean>;
  /** True while the first page for the current filter loads. */
  loading: Ref<boolean>;
  loadingMore: Ref<boolean>;
  loadError: Ref<ApiError | null>;
  /** Replaces the list with the first page for this filter. */
  load(filter: F): Promise<void>;
  /** Appends the next page, from the last cursor. */
  loadMore(): Promise<void>;
}

/**
 * Cursor pagination with "load more". Filters can change while a page is on
 * its way; only the newest request may write, and a node already shown (a new
 * item pushed the page boundary) is not shown twice.
 */
export function useConnection<T, F>(
  fetchPage: (filter: F, after: string | null) => Promise<ConnectionPage<T>>,
  identify: (item: T) => string,
): UseConnection<T, F> {
  const items = ref([]) as Ref<T[]>;
  const totalCount = ref<number | null>(null);
  const hasNextPage = ref(false);
  const loading = ref(true);
  const loadingMore = ref(false);
  const loadError = ref<ApiError | null>(null);
  let filter: F | undefined;
  let cursor: string | null = null;
  let generation = 0;

  function accept(page: ConnectionPage<T>, append: boolean): void {
    const seen = new Set(append ? items.value.map(identify) : []);
    items.value = [...(append ? items.value : []), ...page.nodes.filter((node) => !seen.has(identify(node)))];
    totalCount.value = page.totalCount;
    hasNextPage.value = page.pageInfo.hasNextPage;
    cursor = page.pageInfo.endCursor ?? null;
  }

  async function load(next: F): Promise<void> {
    filter = next;
    const mine = ++generation;
    loading.value = true;
    loadError.value = null;
    try {
      const page = await fetchPage(next, null);
      if (mine === generation) accept(page, false);
    } catch (error) {
      if (mine === generation) loadError.value = asApiError(error);
    } finally {
      if (mine === generation) loading.value = false;
    }
  }

  async function loadMore(): Promise<void> {
    if (!hasNextPage.value || loadingMore.value || cursor === null || filter === undefined) return;
    const mine = generation;
    loadingMore.value = true;
    loadError.value = null;
    try {
      const page = await fetchPage(filter, cursor);
      if (mine === generation) accept(page, true);
    } catch (error) {
      if (mine === generation) loadError.value = asApiError(error);
    } finally {
      loadingMore.value = false;
    }
  }

  return { items, totalCount, hasNextPage, loading, loadingMore, loadError, load, loadMore };
}
