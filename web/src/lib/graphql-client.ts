import type { TypedDocumentNode } from '@graphql-typed-document-node/core';
import { print, type DocumentNode } from 'graphql';
import { ApiError, toApiError } from './api-error.js';

export interface GraphQLClientOptions {
  /** URL of the GraphQL endpoint, `/graphql` in the browser. */
  endpoint: string;
  /** The bearer token to send, read on every request so sign-in/out take effect at once. */
  getToken: () => string | null;
  /**
   * Called when a request that carried a token is refused as UNAUTHENTICATED
   * (expired, revoked or unknown token): the session is over. A failed sign-in
   * carries no token and is reported only to its caller.
   */
  onUnauthenticated?: (error: ApiError) => void;
  fetch?: typeof globalThis.fetch;
}

/** Operations without variables take none; the others require theirs. */
export type VariablesArgs<TVariables> = TVariables extends Record<string, never> ? [] : [variables: TVariables];

export interface GraphQLClient {
  request<TResult, TVariables>(
    document: TypedDocumentNode<TResult, TVariables>,
    ...args: VariablesArgs<TVariables>
  ): Promise<TResult>;
}

export type GraphQLOutcome<TResult> = { ok: true; data: TResult } | { ok: false; error: ApiError };

const printed = new WeakMap<DocumentNode, string>();

export function printDocument(document: DocumentNode): string {
  let text = printed.get(document);
  if (text === undefined) {
    text = print(document);
    printed.set(document, text);
  }
  return text;
}

/**
 * Reads a GraphQL-over-HTTP response body. Any error fails the whole
 * operation: Docket's operations are one root field each, so partial data
 * is never something to show.
 */
export function readGraphQLResponse<TResult>(status: number, body: unknown): GraphQLOutcome<TResult> {
  const record = typeof body === 'object' && body !== null ? (body as { data?: unknown; errors?: unknown }) : undefined;
  const hasErrors = Array.isArray(record?.errors) && record.errors.length > 0;
  const data = record?.data;
  if (!hasErrors && status >= 200 && status < 300 && typeof data === 'object' && data !== null) {
    // The shape is the one the generated document type promises for this schema.
    return { ok: true, data: data as TResult };
  }
  return { ok: false, error: toApiError(status, body) };
}

export function createGraphQLClient(options: GraphQLClientOptions): GraphQLClient {
  const fetchImpl = options.fetch ?? globalThis.fetch.bind(globalThis);

  return {
    async request<TResult, TVariables>(
      document: TypedDocumentNode<TResult, TVariables>,
      ...args: VariablesArgs<TVariables>
    ): Promise<TResult> {
      const token = options.getToken();
      const headers: Record<string, string> = {
        // A JSON content type is also what the server's CSRF prevention asks for.
        'content-type': 'application/json',
        accept: 'application/graphql-response+json, application/json',
      };
      if (token) headers.authorization = `Bearer ${token}`;

      let response: Response;
      try {
        response = await fetchImpl(options.endpoint, {
          method: 'POST',
          headers,
          body: JSON.stringify({ query: printDocument(document), variables: args[0] ?? {} }),
        });
      } catch (cause) {
        throw new ApiError({ code: 'NETWORK_ERROR', message: 'the server could not be reached' }, { cause });
      }

      let body: unknown;
      try {
        body = await response.json();
      } catch {
        body = undefined;
      }
      const outcome = readGraphQLResponse<TResult>(response.status, body);
      if (outcome.ok) return outcome.data;
      if (outcome.error.code === 'UNAUTHENTICATED' && token) options.onUnauthenticated?.(outcome.error);
      throw outcome.error;
    },
  };
}
