import { graphql } from '../../generated/gql.js';

export const ApiKeyFieldsFragment = graphql(`
  fragment ApiKeyFields on ApiKey {
    id
    name
    prefix
    roles
    rateLimitPerMinute
    createdAt
    expiresAt
    lastUsedAt
    revokedAt
  }
`);

export const ApiKeyRowFragment = graphql(`
  fragment ApiKeyRow on ApiKey {
    ...ApiKeyFields
    owner {
      id
      email
    }
  }
`);

export const ApiKeysDocument = graphql(`
  query ApiKeys {
    apiKeys {
      ...ApiKeyRow
    }
  }
`);

// The created key's owner is not selected: the server answers it with an
// unloaded reference (INTERNAL_SERVER_ERROR on owner.email), and the owner is
// the signed-in person anyway. The list is reloaded after a create instead.
export const CreateApiKeyDocument = graphql(`
  mutation CreateApiKey($name: String!, $roles: [String!]!, $expiresAt: DateTime, $rateLimitPerMinute: Int) {
    createApiKey(name: $name, roles: $roles, expiresAt: $expiresAt, rateLimitPerMinute: $rateLimitPerMinute) {
      id
      secret
      key {
        ...ApiKeyFields
      }
    }
  }
`);

export const RevokeApiKeyDocument = graphql(`
  mutation RevokeApiKey($id: ID!) {
    revokeApiKey(id: $id) {
      ...ApiKeyRow
    }
  }
`);
