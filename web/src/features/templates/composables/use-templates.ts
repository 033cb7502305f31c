import { ref, type Ref } from 'vue';
import { useGraphQLClient } from '../../../composables/use-graphql-client.js';
import type { TemplatesQuery } from '../../../generated/graphql.js';
import { asApiError, type ApiError } from '../../../lib/api-error.js';
import type { GraphQLClient } from '../../../lib/graphql-client.js';
import { TemplatesDocument } from '../templates.operations.js';

export type TemplateRow = TemplatesQuery['templates'][number];

export interface UseTemplatesOptions {
  client?: GraphQLClient;
}

export interface UseTemplates {
  /** By name. */
  templates: Ref<TemplateRow[]>;
  loading: Ref<boolean>;
  loadError: Ref<ApiError | null>;
  refresh(): Promise<void>;
}

export function useTemplates(options: UseTemplatesOptions = {}): UseTemplates {
  const client = options.client ?? useGraphQLClient();
  const templates = ref<TemplateRow[]>([]);
  const loading = ref(true);
  const loadError = ref<ApiError | null>(null);

  async function refresh(): Promise<void> {
    loading.value = true;
    loadError.value = null;
    try {
      const answer = await client.request(TemplatesDocument);
      templates.value = [...answer.templates].sort((a, b) => a.name.localeCompare(b.name));
    } catch (error) {
      loadError.value = asApiError(error);
    } finally {
      loading.value = false;
    }
  }

  return { templates, loading, loadError, refresh };
}
