import { ref, type Ref } from 'vue';
import { useGraphQLClient } from '../../../composables/use-graphql-client.js';
import type { RunSummaryFragment } from '../../../generated/graphql.js';
import { asApiError, type ApiError } from '../../../lib/api-error.js';
import type { GraphQLClient } from '../../../lib/graphql-client.js';
import type { RunFilters } from '../../../lib/run-filters.js';
import { RunsDocument, RunTemplateOptionsDocument } from '../runs.operations.js';

export type RunRow = RunSummaryFragment;

export interface TemplateOption {
  key: string;
  name: string;
}

export interface UseRunsOptions {
  client?: GraphQLClient;
  /** Runs per page (default 25). */
  pageSize?: number;
}

export interface UseRuns {
  /** Newest first, every page loaded so far. */
  runs: Ref<RunRow[]>;
  totalCount: Ref<number | null>;
  hasNextPage: Ref<boolean>;
  /** True while the first page for the current filters loads. */
  loading: Ref<boolean>;
  loadingMore: Ref<boolean>;
  loadError: Ref<ApiError | null>;
  /** Templates to filter by; empty when they could not be loaded (the filter is then hidden). */
  templateOptions: Ref<TemplateOption[]>;
  /** Replaces the list with the first page for these filters. */
  load(filters: RunFilters): Promise<void>;
  /** Appends the next page, from the last cursor. */
  loadMore(): Promise<void>;
  loadTemplateOptions(): Promise<void>;
}

export function useRuns(options: UseRunsOptions = {}): UseRuns {
  const client = options.client ?? useGraphQLClient();
  const pageSize = options.pageSize ?? 25;
  const runs = ref<RunRow[]>([]);
  const totalCount = ref<number | null>(null);
  const hasNextPage = ref(false);
  const loading = ref(true);
  const loadingMore = ref(false);
  const loadError = ref<ApiError | null>(null);
  const templateOptions = ref<TemplateOption[]>([]);
  let filters: RunFilters = { status: null, templateKey: null };
  let cursor: string | null = null;
  // Filters can change while a page is on its way; only the newest request may write.
  let generation = 0;

  function toFilter(current: RunFilters): { status?: string; templateKey?: string } {
    return {
      ...(current.status ? { status: current.status } : {}),
      ...(current.templateKey ? { templateKey: current.templateKey } : {}),
    };
  }

  async function load(next: RunFilters): Promise<void> {
    filters = next;
    const mine = ++generation;
    loading.value = true;
    loadError.value = null;
    try {
      const { runs: page } = await client.request(RunsDocument, { filter: toFilter(next), first: pageSize });
      if (mine !== generation) return;
      runs.value = page.nodes;
      totalCount.value = page.totalCount;
      hasNextPage.value = page.pageInfo.hasNextPage;
      cursor = page.pageInfo.endCursor ?? null;
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
      const { runs: page } = await client.request(RunsDocument, { filter: toFilter(filters), first: pageSize, after: cursor });
      if (mine !== generation) return;
      const seen = new Set(runs.value.map((run) => run.id));
      runs.value = [...runs.value, ...page.nodes.filter((run) => !seen.has(run.id))];
      totalCount.value = page.totalCount;
      hasNextPage.value = page.pageInfo.hasNextPage;
      cursor = page.pageInfo.endCursor ?? null;
    } catch (error) {
      if (mine === generation) loadError.value = asApiError(error);
    } finally {
      loadingMore.value = false;
    }
  }

  async function loadTemplateOptions(): Promise<void> {
    try {
      const { templates } = await client.request(RunTemplateOptionsDocument);
      templateOptions.value = templates.map(({ key, name }) => ({ key, name })).sort((a, b) => a.name.localeCompare(b.name));
    } catch {
      templateOptions.value = [];
    }
  }

  return { runs, totalCount, hasNextPage, loading, loadingMore, loadError, templateOptions, load, loadMore, loadTemplateOptions };
}
