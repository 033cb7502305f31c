import { computed, ref, toValue, watch, type ComputedRef, type MaybeRefOrGetter, type Ref } from 'vue';
import { useGraphQLClient } from '../../../composables/use-graphql-client.js';
import { usePolling } from '../../../composables/use-polling.js';
import type { RunDetailFragment, RunStepFragment } from '../../../generated/graphql.js';
import { asApiError, type ApiError } from '../../../lib/api-error.js';
import type { GraphQLClient } from '../../../lib/graphql-client.js';
import { orderRunSteps } from '../../../lib/run-details.js';
import { isRunFinished } from '../../../lib/run-status.js';
import { readTemplateSpec } from '../../../lib/template-graph.js';
import { CancelRunDocument, RetryRunDocument, RunDocument, RunTemplateVersionDocument } from '../runs.operations.js';

export type RunDetail = RunDetailFragment;
export type RunStepView = RunStepFragment;

export interface UseRunOptions {
  id: MaybeRefOrGetter<string>;
  client?: GraphQLClient;
  /** How often to ask for news while the run is not finished (default 1 s). */
  intervalMs?: number;
}

export interface UseRun {
  run: Ref<RunDetail | null>;
  /** True until the first answer. */
  loading: Ref<boolean>;
  /** Why the run could not be loaded at all. */
  loadError: Ref<ApiError | null>;
  /** The run does not exist (or not for this person). */
  notFound: Ref<boolean>;
  /** The last poll failed; the page still shows the last known state. */
  pollError: Ref<ApiError | null>;
  /** Polling: the run is not finished and the page keeps itself up to date. */
  live: ComputedRef<boolean>;
  lastUpdated: Ref<Date | null>;
  /** Steps as they ran, then the ones still to come. */
  steps: ComputedRef<RunStepView[]>;
  /** Step names from the pinned template version, by step id (ids when it could not be read). */
  stepNames: Ref<Record<string, string>>;
  refresh(): Promise<void>;
  /** Throws the ApiError when refused. */
  cancel(reason?: string): Promise<void>;
  /** Throws the ApiError when refused. */
  retry(): Promise<void>;
}

export function useRun(options: UseRunOptions): UseRun {
  const client = options.client ?? useGraphQLClient();
  const run = ref<RunDetail | null>(null);
  const loading = ref(true);
  const loadError = ref<ApiError | null>(null);
  const notFound = ref(false);
  const pollError = ref<ApiError | null>(null);
  const lastUpdated = ref<Date | null>(null);
  const stepOrder = ref<string[]>([]);
  const stepNames = ref<Record<string, string>>({});
  let loadedVersionId: string | null = null;

  const polling = usePolling({ intervalMs: options.intervalMs, tick: poll });
  const live = computed(() => polling.active.value);
  const steps = computed(() => orderRunSteps(run.value?.steps ?? [], stepOrder.value));

  function accept(next: RunDetail): void {
    run.value = next;
    lastUpdated.value = new Date();
    void loadStepNames(next.templateVersionId);
    if (isRunFinished(next.status)) polling.stop();
    else polling.start();
  }

  async function loadStepNames(versionId: string): Promise<void> {
    if (loadedVersionId === versionId) return;
    loadedVersionId = versionId;
    try {
      const { templateVersion } = await client.request(RunTemplateVersionDocument, { id: versionId });
      const spec = readTemplateSpec(templateVersion.spec);
      stepOrder.value = spec.steps.map((step) => step.id);
      stepNames.value = Object.fromEntries(spec.steps.map((step) => [step.id, step.label]));
    } catch {
      // Names are a nicety: the timeline falls back to step ids.
    }
  }

  async function fetchRun(): Promise<RunDetail | null> {
    const { run: found } = await client.request(RunDocument, { id: toValue(options.id) });
    return found ?? null;
  }

  async function refresh(): Promise<void> {
    polling.stop();
    loading.value = run.value === null;
    loadError.value = null;
    notFound.value = false;
    try {
      const found = await fetchRun();
      if (found) accept(found);
      else notFound.value = true;
    } catch (error) {
      loadError.value = asApiError(error);
    } finally {
      loading.value = false;
    }
  }

  async function poll(): Promise<boolean> {
    try {
      const found = await fetchRun();
      pollError.value = null;
      if (!found) {
        notFound.value = true;
        return false;
      }
      run.value = found;
      lastUpdated.value = new Date();
      return !isRunFinished(found.status);
    } catch (error) {
      const failure = asApiError(error);
      pollError.value = failure;
      // Only a refusal is final; a network blip is worth another try.
      return !['FORBIDDEN', 'UNAUTHENTICATED', 'NOT_FOUND'].includes(failure.code);
    }
  }

  async function cancel(reason?: string): Promise<void> {
    const { cancelRun } = await client.request(CancelRunDocument, { id: toValue(options.id), reason: reason?.trim() || null });
    accept(cancelRun);
  }

  async function retry(): Promise<void> {
    const { retryRun } = await client.request(RetryRunDocument, { id: toValue(options.id) });
    accept(retryRun);
  }

  watch(
    () => toValue(options.id),
    () => {
      run.value = null;
      void refresh();
    },
    { immediate: true },
  );

  return { run, loading, loadError, notFound, pollError, live, lastUpdated, steps, stepNames, refresh, cancel, retry };
}
