import { ref, type Ref } from 'vue';
import { useGraphQLClient } from '../../../composables/use-graphql-client.js';
import type { RunMode, StartRunMutation } from '../../../generated/graphql.js';
import type { GraphQLClient } from '../../../lib/graphql-client.js';
import { StartRunDocument } from '../runs.operations.js';

export type StartedRun = StartRunMutation['startRun'];

export interface StartRunRequest {
  templateKey: string;
  input: unknown;
  mode: RunMode;
  idempotencyKey?: string | null;
  /** Test runs of a draft version only. */
  versionId?: string | null;
}

export interface UseStartRunOptions {
  client?: GraphQLClient;
}

export interface UseStartRun {
  busy: Ref<boolean>;
  /** Throws the ApiError when refused (BAD_USER_INPUT carries problems by JSON pointer into the input). */
  start(request: StartRunRequest): Promise<StartedRun>;
}

export function useStartRun(options: UseStartRunOptions = {}): UseStartRun {
  const client = options.client ?? useGraphQLClient();
  const busy = ref(false);

  async function start(request: StartRunRequest): Promise<StartedRun> {
    busy.value = true;
    try {
      const { startRun } = await client.request(StartRunDocument, {
        templateKey: request.templateKey,
        input: request.input,
        mode: request.mode,
        idempotencyKey: request.idempotencyKey?.trim() || null,
        versionId: request.versionId ?? null,
      });
      return startRun;
    } finally {
      busy.value = false;
    }
  }

  return { busy, start };
}
