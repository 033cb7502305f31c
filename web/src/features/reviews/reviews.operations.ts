import { graphql } from '../../generated/gql.js';

export const ReviewTaskFieldsFragment = graphql(`
  fragment ReviewTaskFields on ReviewTask {
    id
    runId
    stepId
    status
    role
    escalationRole
    escalatedAt
    title
    reason
    fields
    explanation
    dueAt
    decision
    edits
    comment
    decidedBy
    decidedAt
    createdAt
  }
`);

export const ReviewTasksDocument = graphql(`
  query ReviewTasks($status: ReviewStatus) {
    reviewTasks(status: $status) {
      ...ReviewTaskFields
    }
  }
`);

export const DecideReviewTaskDocument = graphql(`
  mutation DecideReviewTask($id: ID!, $decision: ReviewDecision!, $edits: JSON, $comment: String) {
    decideReviewTask(id: $id, decision: $decision, edits: $edits, comment: $comment) {
      ...ReviewTaskFields
    }
  }
`);
