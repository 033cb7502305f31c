import { ref, type Ref } from 'vue';
import { useGraphQLClient } from '../../../composables/use-graphql-client.js';
import type { ReviewDecision } from '../../../generated/graphql.js';
import { asApiError, type ApiError } from '../../../lib/api-error.js';
import type { GraphQLClient } from '../../../lib/graphql-client.js';
import { DecideReviewTaskDocument, ReviewTasksDocument } from '../reviews.operations.js';
import type { ReviewTaskView } from './use-review-tasks.js';

export interface ReviewDecisionInput {
  decision: ReviewDecision;
  /** `{ "<field path>": newValue }`, for an edit. */
  edits?: Record<string, unknown> | null;
  comment?: string | null;
}

export interface UseReviewTaskOptions {
  id: string;
  client?: GraphQLClient;
}

export interface UseReviewTask {
  task: Ref<ReviewTaskView | null>;
  loading: Ref<boolean>;
  loadError: Ref<ApiError | null>;
  load(): Promise<void>;
  /** Throws the ApiError when refused (BAD_USER_INPUT problems point at `/edits/...` or `/comment`). */
  decide(input: ReviewDecisionInput): Promise<ReviewTaskView>;
}

/**
 * One task, found in the inbox lists: the API has no `reviewTask(id)`, so the
 * open tasks are asked first (the usual case) and all tasks only if needed.
 */
export function useReviewTask(options: UseReviewTaskOptions): UseReviewTask {
  const client = options.client ?? useGraphQLClient();
  const task = ref<ReviewTaskView | null>(null);
  const loading = ref(true);
  const loadError = ref<ApiError | null>(null);

  async function load(): Promise<void> {
    loading.value = true;
    loadError.value = null;
    try {
      const open = await client.request(ReviewTasksDocument, { status: 'open' });
      let found = open.reviewTasks.find((candidate) => candidate.id === options.id);
      if (!found) {
        const all = await client.request(ReviewTasksDocument, { status: null });
        found = all.reviewTasks.find((candidate) => candidate.id === options.id);
      }
      task.value = found ?? null;
    } catch (error) {
      loadError.value = asApiError(error);
    } finally {
      loading.value = false;
    }
  }

  async function decide(input: ReviewDecisionInput): Promise<ReviewTaskView> {
    const { decideReviewTask } = await client.request(DecideReviewTaskDocument, {
      id: options.id,
      decision: input.decision,
      edits: input.edits ?? null,
      comment: input.comment?.trim() || null,
    });
    task.value = decideReviewTask;
    return decideReviewTask;
  }

  return { task, loading, loadError, load, decide };
}
