import { inject, type InjectionKey } from 'vue';
import type { GraphQLClient } from '../lib/graphql-client.js';

export const GRAPHQL_CLIENT_KEY: InjectionKey<GraphQLClient> = Symbol('docket.graphql-client');

/** The app's one GraphQL client: it sends the session token and ends the session on UNAUTHENTICATED. */
export function useGraphQLClient(): GraphQLClient {
  const client = inject(GRAPHQL_CLIENT_KEY);
  if (!client) throw new Error('useGraphQLClient() needs the client provided by the app (GRAPHQL_CLIENT_KEY)');
  return client;
}
