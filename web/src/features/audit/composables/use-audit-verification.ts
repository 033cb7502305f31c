import { ref, type Ref } from 'vue';
import { useGraphQLClient } from '../../../composables/use-graphql-client.js';
import type { VerifyAuditChainQuery } from '../../../generated/graphql.js';
import { asApiError, type ApiError } from '../../../lib/api-error.js';
import type { GraphQLClient } from '../../../lib/graphql-client.js';
import { VerifyAuditChainDocument } from '../audit.operations.js';

export type AuditVerification = VerifyAuditChainQuery['verifyAuditChain'];

export interface UseAuditVerificationOptions {
  client?: GraphQLClient;
}

export interface UseAuditVerification {
  result: Ref<AuditVerification | null>;
  busy: Ref<boolean>;
  failure: Ref<ApiError | null>;
  verifiedAt: Ref<Date | null>;
  /** Recomputes every hash of the chain on the server. */
  verify(): Promise<void>;
}

export function useAuditVerification(options: UseAuditVerificationOptions = {}): UseAuditVerification {
  const client = options.client ?? useGraphQLClient();
  const result = ref<AuditVerification | null>(null);
  const busy = ref(false);
  const failure = ref<ApiError | null>(null);
  const verifiedAt = ref<Date | null>(null);

  async function verify(): Promise<void> {
    busy.value = true;
    failure.value = null;
    try {
      result.value = (await client.request(VerifyAuditChainDocument)).verifyAuditChain;
      verifiedAt.value = new Date();
    } catch (error) {
      result.value = null;
      failure.value = asApiError(error);
    } finally {
      busy.value = false;
    }
  }

  return { result, busy, failure, verifiedAt, verify };
}
