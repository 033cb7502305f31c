import { ref, type Ref } from 'vue';
import { asApiError, type ApiError } from '../lib/api-error.js';
import type { GraphQLClient } from '../lib/graphql-client.js';
import { useGraphQLClient } from './use-graphql-client.js';

export interface UseNamedListOptions {
  client?: GraphQLClient;
}

export interface UseNamedList<T> {
  /** Sorted by name. */
  items: Ref<T[]>;
  loading: Ref<boolean>;
  loadError: Ref<ApiError | null>;
  refresh(): Promise<void>;
}

/** A catalog list (policies, templates, …) loaded with one query and kept sorted by name. */
export function useNamedList<T extends { name: string }>(
  load: (client: GraphQLClient) => Promise<readonly T[]>,
  options: UseNamedListOptions = {},
): UseNamedList<T> {
  const client = options.client ?? useGraphQLClient();
  const items = ref([]) as Ref<T[]>;
  const loading = ref(true);
  const loadError = ref<ApiError | null>(null);

  async function refresh(): Promise<void> {
    loading.value = true;
    loadError.value = null;
    try {
      items.value = [...(await load(client))].sort((a, b) => a.name.localeCompare(b.name));
    } catch (error) {
      loadError.value = asApiError(error);
    } finally {
      loading.value = false;
    }
  }

  return { items, loading, loadError, refresh };
}
