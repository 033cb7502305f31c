import { computed, ref, type ComputedRef, type Ref } from 'vue';
import { useGraphQLClient } from '../../../composables/use-graphql-client.js';
import type { TemplateQuery, TemplateVersionDetailFragment } from '../../../generated/graphql.js';
import { asApiError, type ApiError } from '../../../lib/api-error.js';
import type { GraphQLClient } from '../../../lib/graphql-client.js';
import { readTemplateSpec, type TemplateSpecView } from '../../../lib/template-graph.js';
import { TemplateDocument } from '../templates.operations.js';

export type TemplateDetail = NonNullable<TemplateQuery['template']>;
export type TemplateVersionDetail = TemplateVersionDetailFragment;

export interface UseTemplateOptions {
  key: string;
  client?: GraphQLClient;
}

export interface UseTemplate {
  template: Ref<TemplateDetail | null>;
  loading: Ref<boolean>;
  loadError: Ref<ApiError | null>;
  notFound: Ref<boolean>;
  /** Newest first. */
  versions: ComputedRef<TemplateVersionDetail[]>;
  /** The version on screen: chosen, else the published one, else the newest. */
  version: ComputedRef<TemplateVersionDetail | null>;
  isPublished: ComputedRef<boolean>;
  spec: ComputedRef<TemplateSpecView>;
  selectVersion(id: string): void;
  load(): Promise<void>;
}

export function useTemplate(options: UseTemplateOptions): UseTemplate {
  const client = options.client ?? useGraphQLClient();
  const template = ref<TemplateDetail | null>(null);
  const loading = ref(true);
  const loadError = ref<ApiError | null>(null);
  const notFound = ref(false);
  const chosenId = ref<string | null>(null);

  const versions = computed(() => [...(template.value?.versions ?? [])].sort((a, b) => b.version - a.version));
  const version = computed(() => {
    const all = versions.value;
    return all.find((candidate) => candidate.id === chosenId.value)
      ?? all.find((candidate) => candidate.id === template.value?.published?.id)
      ?? all[0]
      ?? null;
  });
  const isPublished = computed(() => version.value !== null && version.value.id === template.value?.published?.id);
  const spec = computed(() => readTemplateSpec(version.value?.spec));

  async function load(): Promise<void> {
    loading.value = true;
    loadError.value = null;
    notFound.value = false;
    try {
      const answer = await client.request(TemplateDocument, { key: options.key });
      template.value = answer.template ?? null;
      notFound.value = answer.template === null || answer.template === undefined;
    } catch (error) {
      loadError.value = asApiError(error);
    } finally {
      loading.value = false;
    }
  }

  function selectVersion(id: string): void {
    chosenId.value = id;
  }

  return { template, loading, loadError, notFound, versions, version, isPublished, spec, selectVersion, load };
}
