import { graphql } from '../../generated/gql.js';

export const AuditEventsDocument = graphql(`
  query AuditEvents($filter: AuditFilter, $first: Int, $after: String) {
    auditEvents(filter: $filter, first: $first, after: $after) {
      nodes {
        seq
        at
        actorType
        actor
        action
        subjectType
        subjectId
        reason
      }
      pageInfo {
        hasNextPage
        endCursor
      }
      totalCount
    }
  }
`);

export const VerifyAuditChainDocument = graphql(`
  query VerifyAuditChain {
    verifyAuditChain {
      ok
      checked
      brokenAt
      reason
    }
  }
`);
