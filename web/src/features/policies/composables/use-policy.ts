import { computed, ref, type ComputedRef, type Ref } from 'vue';
import { useGraphQLClient } from '../../../composables/use-graphql-client.js';
import type { PolicyQuery, PolicyVersionDetailFragment } from '../../../generated/graphql.js';
import { asApiError, type ApiError } from '../../../lib/api-error.js';
import type { GraphQLClient } from '../../../lib/graphql-client.js';
import { PolicyDocument } from '../policies.operations.js';

export type PolicyDetail = NonNullable<PolicyQuery['policy']>;
export type PolicyVersionDetail = PolicyVersionDetailFragment;

export interface UsePolicyOptions {
  key: string;
  client?: GraphQLClient;
}

export interface UsePolicy {
  policy: Ref<PolicyDetail | null>;
  loading: Ref<boolean>;
  loadError: Ref<ApiError | null>;
  notFound: Ref<boolean>;
  /** Newest first. */
  versions: ComputedRef<PolicyVersionDetail[]>;
  /** The version on screen: chosen, else the published one, else the latest. */
  version: ComputedRef<PolicyVersionDetail | null>;
  selectVersion(id: string): void;
  load(): Promise<void>;
}

export function usePolicy(options: UsePolicyOptions): UsePolicy {
  const client = options.client ?? useGraphQLClient();
  const policy = ref<PolicyDetail | null>(null);
  const loading = ref(true);
  const loadError = ref<ApiError | null>(null);
  const notFound = ref(false);
  const chosenId = ref<string | null>(null);

  const versions = computed(() => [...(policy.value?.versions ?? [])].sort((a, b) => b.version - a.version));
  const version = computed(() => {
    const all = versions.value;
    return all.find((candidate) => candidate.id === chosenId.value)
      ?? all.find((candidate) => candidate.id === policy.value?.published?.id)
      ?? all.find((candidate) => candidate.id === policy.value?.latest?.id)
      ?? all[0]
      ?? null;
  });

  async function load(): Promise<void> {
    loading.value = true;
    loadError.value = null;
    notFound.value = false;
    try {
      const answer = await client.request(PolicyDocument, { key: options.key });
      policy.value = answer.policy ?? null;
      notFound.value = !answer.policy;
    } catch (error) {
      loadError.value = asApiError(error);
    } finally {
      loading.value = false;
    }
  }

  return {
    policy, loading, loadError, notFound, versions, version, load,
    selectVersion(id) {
      chosenId.value = id;
    },
  };
}
