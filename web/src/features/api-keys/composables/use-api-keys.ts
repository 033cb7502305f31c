import { ref, type Ref } from 'vue';
import { useGraphQLClient } from '../../../composables/use-graphql-client.js';
import type {
  ApiKeyRowFragment,
  CreateApiKeyMutation,
  CreateApiKeyMutationVariables,
} from '../../../generated/graphql.js';
import { asApiError, type ApiError } from '../../../lib/api-error.js';
import type { GraphQLClient } from '../../../lib/graphql-client.js';
import { ApiKeysDocument, CreateApiKeyDocument, RevokeApiKeyDocument } from '../api-keys.operations.js';

export type ApiKeyRow = ApiKeyRowFragment;
export type CreatedApiKey = CreateApiKeyMutation['createApiKey'];
export type NewApiKey = CreateApiKeyMutationVariables;

export interface UseApiKeysOptions {
  /** Defaults to the app's client; tests and stories can pass their own. */
  client?: GraphQLClient;
}

export interface UseApiKeys {
  /** Newest first, as the server lists them. */
  keys: Ref<ApiKeyRow[]>;
  /** True until the first load finished, and during refreshes. */
  loading: Ref<boolean>;
  loadError: Ref<ApiError | null>;
  refresh(): Promise<void>;
  /** Creates the key, then reloads the list; throws the ApiError when refused. */
  create(input: NewApiKey): Promise<CreatedApiKey>;
  /** Revokes the key and replaces its row; throws the ApiError when refused. */
  revoke(id: string): Promise<ApiKeyRow>;
}

export function useApiKeys(options: UseApiKeysOptions = {}): UseApiKeys {
  const client = options.client ?? useGraphQLClient();
  const keys = ref<ApiKeyRow[]>([]);
  const loading = ref(true);
  const loadError = ref<ApiError | null>(null);

  async function refresh(): Promise<void> {
    loading.value = true;
    loadError.value = null;
    try {
      keys.value = (await client.request(ApiKeysDocument)).apiKeys;
    } catch (error) {
      loadError.value = asApiError(error);
    } finally {
      loading.value = false;
    }
  }

  async function create(input: NewApiKey): Promise<CreatedApiKey> {
    const { createApiKey } = await client.request(CreateApiKeyDocument, input);
    // A failed reload shows as loadError; the key exists and its secret must still be shown.
    await refresh();
    return createApiKey;
  }

  async function revoke(id: string): Promise<ApiKeyRow> {
    const { revokeApiKey } = await client.request(RevokeApiKeyDocument, { id });
    keys.value = keys.value.map((key) => (key.id === revokeApiKey.id ? revokeApiKey : key));
    return revokeApiKey;
  }

  return { keys, loading, loadError, refresh, create, revoke };
}
