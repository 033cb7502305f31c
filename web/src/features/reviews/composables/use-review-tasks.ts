import { ref, type Ref } from 'vue';
import { useGraphQLClient } from '../../../composables/use-graphql-client.js';
import type { ReviewStatus, ReviewTaskFieldsFragment } from '../../../generated/graphql.js';
import { asApiError, type ApiError } from '../../../lib/api-error.js';
import type { GraphQLClient } from '../../../lib/graphql-client.js';
import { sortByDue } from '../../../lib/review-due.js';
import { ReviewTasksDocument } from '../reviews.operations.js';

export type ReviewTaskView = ReviewTaskFieldsFragment;

export interface UseReviewTasksOptions {
  client?: GraphQLClient;
}

export interface UseReviewTasks {
  /** Soonest due first (decided ones: most recently decided first). */
  tasks: Ref<ReviewTaskView[]>;
  loading: Ref<boolean>;
  loadError: Ref<ApiError | null>;
  load(status: ReviewStatus): Promise<void>;
}

/** The review inbox: tasks for the person's roles (auditors and admins see all). */
export function useReviewTasks(options: UseReviewTasksOptions = {}): UseReviewTasks {
  const client = options.client ?? useGraphQLClient();
  const tasks = ref<ReviewTaskView[]>([]);
  const loading = ref(true);
  const loadError = ref<ApiError | null>(null);
  let generation = 0;

  async function load(status: ReviewStatus): Promise<void> {
    const mine = ++generation;
    loading.value = true;
    loadError.value = null;
    try {
      const { reviewTasks } = await client.request(ReviewTasksDocument, { status });
      if (mine !== generation) return;
      tasks.value = status === 'open'
        ? sortByDue(reviewTasks)
        : [...reviewTasks].sort((a, b) => Date.parse(b.decidedAt ?? b.createdAt) - Date.parse(a.decidedAt ?? a.createdAt));
    } catch (error) {
      if (mine === generation) loadError.value = asApiError(error);
    } finally {
      if (mine === generation) loading.value = false;
    }
  }

  return { tasks, loading, loadError, load };
}
