import { ref, type Ref } from 'vue';
import { useGraphQLClient } from '../../../composables/use-graphql-client.js';
import type { RunPolicyTestsQuery } from '../../../generated/graphql.js';
import { asApiError, type ApiError } from '../../../lib/api-error.js';
import type { GraphQLClient } from '../../../lib/graphql-client.js';
import { RunPolicyTestsDocument } from '../policies.operations.js';

export type PolicyTestReport = RunPolicyTestsQuery['runPolicyTests'];

export interface UsePolicyTestsOptions {
  client?: GraphQLClient;
}

export interface UsePolicyTests {
  report: Ref<PolicyTestReport | null>;
  busy: Ref<boolean>;
  failure: Ref<ApiError | null>;
  run(versionId: string): Promise<void>;
  clear(): void;
}

export function usePolicyTests(options: UsePolicyTestsOptions = {}): UsePolicyTests {
  const client = options.client ?? useGraphQLClient();
  const report = ref<PolicyTestReport | null>(null);
  const busy = ref(false);
  const failure = ref<ApiError | null>(null);

  async function run(versionId: string): Promise<void> {
    busy.value = true;
    failure.value = null;
    try {
      report.value = (await client.request(RunPolicyTestsDocument, { versionId })).runPolicyTests;
    } catch (error) {
      report.value = null;
      failure.value = asApiError(error);
    } finally {
      busy.value = false;
    }
  }

  function clear(): void {
    report.value = null;
    failure.value = null;
  }

  return { report, busy, failure, run, clear };
}
