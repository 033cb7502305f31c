import { graphql } from '../../generated/gql.js';

export const PoliciesDocument = graphql(`
  query Policies {
    policies {
      id
      key
      name
      description
      published {
        id
        version
        publishedAt
      }
      latest {
        id
        version
        status
      }
    }
  }
`);

export const PolicyVersionDetailFragment = graphql(`
  fragment PolicyVersionDetail on PolicyVersion {
    id
    version
    status
    logic
    inputSchema
    testCases
    changelog
    contentHash
    author
    createdAt
    publishedBy
    publishedAt
    problems {
      path
      rule
      message
    }
  }
`);

export const PolicyDocument = graphql(`
  query Policy($key: String!) {
    policy(key: $key) {
      id
      key
      name
      description
      published {
        id
      }
      latest {
        id
      }
      versions {
        ...PolicyVersionDetail
      }
    }
  }
`);

export const EvaluatePolicyDocument = graphql(`
  query EvaluatePolicy($versionId: ID!, $data: JSON!) {
    evaluatePolicy(versionId: $versionId, data: $data) {
      result
      trace
      varsRead
      explanation
    }
  }
`);

export const RunPolicyTestsDocument = graphql(`
  query RunPolicyTests($versionId: ID!) {
    runPolicyTests(versionId: $versionId) {
      passed
      total
      failed
      cases {
        name
        passed
        expected
        actual
        error
      }
      coverage
    }
  }
`);
