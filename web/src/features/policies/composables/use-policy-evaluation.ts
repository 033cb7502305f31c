import { ref, type Ref } from 'vue';
import { useGraphQLClient } from '../../../composables/use-graphql-client.js';
import type { EvaluatePolicyQuery } from '../../../generated/graphql.js';
import { asApiError, type ApiError } from '../../../lib/api-error.js';
import type { GraphQLClient } from '../../../lib/graphql-client.js';
import { EvaluatePolicyDocument } from '../policies.operations.js';

export type PolicyEvaluation = EvaluatePolicyQuery['evaluatePolicy'];

export interface UsePolicyEvaluationOptions {
  client?: GraphQLClient;
}

export interface UsePolicyEvaluation {
  evaluation: Ref<PolicyEvaluation | null>;
  busy: Ref<boolean>;
  failure: Ref<ApiError | null>;
  /** Evaluates the version on `data`; a refusal lands in `failure`. */
  evaluate(versionId: string, data: unknown): Promise<void>;
  clear(): void;
}

export function usePolicyEvaluation(options: UsePolicyEvaluationOptions = {}): UsePolicyEvaluation {
  const client = options.client ?? useGraphQLClient();
  const evaluation = ref<PolicyEvaluation | null>(null);
  const busy = ref(false);
  const failure = ref<ApiError | null>(null);

  async function evaluate(versionId: string, data: unknown): Promise<void> {
    busy.value = true;
    failure.value = null;
    try {
      evaluation.value = (await client.request(EvaluatePolicyDocument, { versionId, data })).evaluatePolicy;
    } catch (error) {
      evaluation.value = null;
      failure.value = asApiError(error);
    } finally {
      busy.value = false;
    }
  }

  function clear(): void {
    evaluation.value = null;
    failure.value = null;
  }

  return { evaluation, busy, failure, evaluate, clear };
}
