import { ref, type Ref } from 'vue';
import { useGraphQLClient } from '../../../composables/use-graphql-client.js';
import type { RunSummaryFragment } from '../../../generated/graphql.js';
import { useConnection } from '../../../composables/use-connection.js';
import type { ApiError } from '../../../lib/api-error.js';
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
  const templateOptions = ref<TemplateOption[]>([]);
  const { items, ...connection } = useConnection<RunRow, RunFilters>(
    async (filters, after) => (await client.request(RunsDocument, { filter: toFilter(filters), first: pageSize, ...(after ? { after } : {}) })).runs,
    (run) => run.id,
  );

  async function loadTemplateOptions(): Promise<void> {
    try {
      const { templates } = await client.request(RunTemplateOptionsDocument);
      templateOptions.value = templates.map(({ key, name }) => ({ key, name })).sort((a, b) => a.name.localeCompare(b.name));
    } catch {
      templateOptions.value = [];
    }
  }

  return { runs: items, ...connection, templateOptions, loadTemplateOptions };
}

function toFilter(current: RunFilters): { status?: string; templateKey?: string } {
  return {
    ...(current.status ? { status: current.status } : {}),
    ...(current.templateKey ? { templateKey: current.templateKey } : {}),
  };
}
