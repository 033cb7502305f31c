import { graphql } from '../../generated/gql.js';

export const RunSummaryFragment = graphql(`
  fragment RunSummary on Run {
    id
    templateKey
    templateVersion
    mode
    status
    outcome
    decisionSummary
    startedBy
    tokens
    costUsd
    createdAt
    finishedAt
  }
`);

export const RunStepFragment = graphql(`
  fragment RunStep on StepView {
    stepId
    kind
    status
    attempt
    input
    output
    explanation
    error
    skipReason
    durationMs
    tokens
    costUsd
    startedAt
  }
`);

export const RunDetailFragment = graphql(`
  fragment RunDetail on Run {
    ...RunSummary
    templateVersionId
    idempotencyKey
    input
    output
    error
    references
    corrections
    steps {
      ...RunStep
    }
  }
`);

export const RunsDocument = graphql(`
  query Runs($filter: RunFilter, $first: Int, $after: String) {
    runs(filter: $filter, first: $first, after: $after) {
      nodes {
        ...RunSummary
      }
      pageInfo {
        hasNextPage
        endCursor
      }
      totalCount
    }
  }
`);

export const RunDocument = graphql(`
  query Run($id: ID!) {
    run(id: $id) {
      ...RunDetail
    }
  }
`);

/** Step names and order come from the version the run pinned; fetched once, not on every poll. */
export const RunTemplateVersionDocument = graphql(`
  query RunTemplateVersion($id: ID!) {
    templateVersion(id: $id) {
      id
      version
      spec
    }
  }
`);

export const RunTemplateOptionsDocument = graphql(`
  query RunTemplateOptions {
    templates {
      key
      name
    }
  }
`);

export const StartRunDocument = graphql(`
  mutation StartRun($templateKey: String!, $input: JSON!, $mode: RunMode, $idempotencyKey: String, $versionId: ID) {
    startRun(templateKey: $templateKey, input: $input, mode: $mode, idempotencyKey: $idempotencyKey, versionId: $versionId) {
      id
      status
    }
  }
`);

export const CancelRunDocument = graphql(`
  mutation CancelRun($id: ID!, $reason: String) {
    cancelRun(id: $id, reason: $reason) {
      ...RunDetail
    }
  }
`);

export const RetryRunDocument = graphql(`
  mutation RetryRun($id: ID!) {
    retryRun(id: $id) {
      ...RunDetail
    }
  }
`);
