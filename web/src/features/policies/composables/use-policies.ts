import { ref, type Ref } from 'vue';
import { useGraphQLClient } from '../../../composables/use-graphql-client.js';
import type { PoliciesQuery } from '../../../generated/graphql.js';
import { asApiError, type ApiError } from '../../../lib/api-error.js';
import type { GraphQLClient } from '../../../lib/graphql-client.js';
import { PoliciesDocument } from '../policies.operations.js';

export type PolicyRow = PoliciesQuery['policies'][number];

export interface UsePoliciesOptions {
  client?: GraphQLClient;
}

export interface UsePolicies {
  /** By name. */
  policies: Ref<PolicyRow[]>;
  loading: Ref<boolean>;
  loadError: Ref<ApiError | null>;
  refresh(): Promise<void>;
}

export function usePolicies(options: UsePoliciesOptions = {}): UsePolicies {
  const client = options.client ?? useGraphQLClient();
  const policies = ref<PolicyRow[]>([]);
  const loading = ref(true);
  const loadError = ref<ApiError | null>(null);

  async function refresh(): Promise<void> {
    loading.value = true;
    loadError.value = null;
    try {
      const answer = await client.request(PoliciesDocument);
      policies.value = [...answer.policies].sort((a, b) => a.name.localeCompare(b.name));
    } catch (error) {
      loadError.value = asApiError(error);
    } finally {
      loading.value = false;
    }
  }

  return { policies, loading, loadError, refresh };
}
