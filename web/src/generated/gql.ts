/* eslint-disable */
import * as types from './graphql.js';
import type { TypedDocumentNode as DocumentNode } from '@graphql-typed-document-node/core';

/**
 * Map of all GraphQL operations in the project.
 *
 * This map has several performance disadvantages:
 * 1. It is not tree-shakeable, so it will include all operations in the project.
 * 2. It is not minifiable, so the string of a GraphQL query will be multiple times inside the bundle.
 * 3. It does not support dead code elimination, so it will add unused operations.
 *
 * Therefore it is highly recommended to use the babel or swc plugin for production.
 * Learn more about it here: https://the-guild.dev/graphql/codegen/plugins/presets/preset-client#reducing-bundle-size
 */
type Documents = {
    "\n  fragment ApiKeyFields on ApiKey {\n    id\n    name\n    prefix\n    roles\n    rateLimitPerMinute\n    createdAt\n    expiresAt\n    lastUsedAt\n    revokedAt\n  }\n": typeof types.ApiKeyFieldsFragmentDoc,
    "\n  fragment ApiKeyRow on ApiKey {\n    ...ApiKeyFields\n    owner {\n      id\n      email\n    }\n  }\n": typeof types.ApiKeyRowFragmentDoc,
    "\n  query ApiKeys {\n    apiKeys {\n      ...ApiKeyRow\n    }\n  }\n": typeof types.ApiKeysDocument,
    "\n  mutation CreateApiKey($name: String!, $roles: [String!]!, $expiresAt: DateTime, $rateLimitPerMinute: Int) {\n    createApiKey(name: $name, roles: $roles, expiresAt: $expiresAt, rateLimitPerMinute: $rateLimitPerMinute) {\n      id\n      secret\n      key {\n        ...ApiKeyFields\n      }\n    }\n  }\n": typeof types.CreateApiKeyDocument,
    "\n  mutation RevokeApiKey($id: ID!) {\n    revokeApiKey(id: $id) {\n      ...ApiKeyRow\n    }\n  }\n": typeof types.RevokeApiKeyDocument,
    "\n  query AuditEvents($filter: AuditFilter, $first: Int, $after: String) {\n    auditEvents(filter: $filter, first: $first, after: $after) {\n      nodes {\n        seq\n        at\n        actorType\n        actor\n        action\n        subjectType\n        subjectId\n        reason\n      }\n      pageInfo {\n        hasNextPage\n        endCursor\n      }\n      totalCount\n    }\n  }\n": typeof types.AuditEventsDocument,
    "\n  query VerifyAuditChain {\n    verifyAuditChain {\n      ok\n      checked\n      brokenAt\n      reason\n    }\n  }\n": typeof types.VerifyAuditChainDocument,
    "\n  fragment SessionUser on User {\n    id\n    email\n    displayName\n    roles\n  }\n": typeof types.SessionUserFragmentDoc,
    "\n  mutation SignIn($email: String!, $password: String!) {\n    login(email: $email, password: $password) {\n      token\n      user {\n        ...SessionUser\n      }\n    }\n  }\n": typeof types.SignInDocument,
    "\n  mutation SignOut {\n    logout\n  }\n": typeof types.SignOutDocument,
    "\n  query CurrentUser {\n    me {\n      ...SessionUser\n    }\n  }\n": typeof types.CurrentUserDocument,
    "\n  query Policies {\n    policies {\n      id\n      key\n      name\n      description\n      published {\n        id\n        version\n        publishedAt\n      }\n      latest {\n        id\n        version\n        status\n      }\n    }\n  }\n": typeof types.PoliciesDocument,
    "\n  fragment PolicyVersionDetail on PolicyVersion {\n    id\n    version\n    status\n    logic\n    inputSchema\n    testCases\n    changelog\n    contentHash\n    author\n    createdAt\n    publishedBy\n    publishedAt\n    problems {\n      path\n      rule\n      message\n    }\n  }\n": typeof types.PolicyVersionDetailFragmentDoc,
    "\n  query Policy($key: String!) {\n    policy(key: $key) {\n      id\n      key\n      name\n      description\n      published {\n        id\n      }\n      latest {\n        id\n      }\n      versions {\n        ...PolicyVersionDetail\n      }\n    }\n  }\n": typeof types.PolicyDocument,
    "\n  query EvaluatePolicy($versionId: ID!, $data: JSON!) {\n    evaluatePolicy(versionId: $versionId, data: $data) {\n      result\n      trace\n      varsRead\n      explanation\n    }\n  }\n": typeof types.EvaluatePolicyDocument,
    "\n  query RunPolicyTests($versionId: ID!) {\n    runPolicyTests(versionId: $versionId) {\n      passed\n      total\n      failed\n      cases {\n        name\n        passed\n        expected\n        actual\n        error\n      }\n      coverage\n    }\n  }\n": typeof types.RunPolicyTestsDocument,
    "\n  fragment ReviewTaskFields on ReviewTask {\n    id\n    runId\n    stepId\n    status\n    role\n    escalationRole\n    escalatedAt\n    title\n    reason\n    fields\n    explanation\n    dueAt\n    decision\n    edits\n    comment\n    decidedBy\n    decidedAt\n    createdAt\n  }\n": typeof types.ReviewTaskFieldsFragmentDoc,
    "\n  query ReviewTasks($status: ReviewStatus) {\n    reviewTasks(status: $status) {\n      ...ReviewTaskFields\n    }\n  }\n": typeof types.ReviewTasksDocument,
    "\n  mutation DecideReviewTask($id: ID!, $decision: ReviewDecision!, $edits: JSON, $comment: String) {\n    decideReviewTask(id: $id, decision: $decision, edits: $edits, comment: $comment) {\n      ...ReviewTaskFields\n    }\n  }\n": typeof types.DecideReviewTaskDocument,
    "\n  fragment RunSummary on Run {\n    id\n    templateKey\n    templateVersion\n    mode\n    status\n    outcome\n    decisionSummary\n    startedBy\n    tokens\n    costUsd\n    createdAt\n    finishedAt\n  }\n": typeof types.RunSummaryFragmentDoc,
    "\n  fragment RunStep on StepView {\n    stepId\n    kind\n    status\n    attempt\n    input\n    output\n    explanation\n    error\n    skipReason\n    durationMs\n    tokens\n    costUsd\n    startedAt\n  }\n": typeof types.RunStepFragmentDoc,
    "\n  fragment RunDetail on Run {\n    ...RunSummary\n    templateVersionId\n    idempotencyKey\n    input\n    output\n    error\n    references\n    corrections\n    steps {\n      ...RunStep\n    }\n  }\n": typeof types.RunDetailFragmentDoc,
    "\n  query Runs($filter: RunFilter, $first: Int, $after: String) {\n    runs(filter: $filter, first: $first, after: $after) {\n      nodes {\n        ...RunSummary\n      }\n      pageInfo {\n        hasNextPage\n        endCursor\n      }\n      totalCount\n    }\n  }\n": typeof types.RunsDocument,
    "\n  query Run($id: ID!) {\n    run(id: $id) {\n      ...RunDetail\n    }\n  }\n": typeof types.RunDocument,
    "\n  query RunTemplateVersion($id: ID!) {\n    templateVersion(id: $id) {\n      id\n      version\n      spec\n    }\n  }\n": typeof types.RunTemplateVersionDocument,
    "\n  query RunTemplateOptions {\n    templates {\n      key\n      name\n    }\n  }\n": typeof types.RunTemplateOptionsDocument,
    "\n  mutation StartRun($templateKey: String!, $input: JSON!, $mode: RunMode, $idempotencyKey: String, $versionId: ID) {\n    startRun(templateKey: $templateKey, input: $input, mode: $mode, idempotencyKey: $idempotencyKey, versionId: $versionId) {\n      id\n      status\n    }\n  }\n": typeof types.StartRunDocument,
    "\n  mutation CancelRun($id: ID!, $reason: String) {\n    cancelRun(id: $id, reason: $reason) {\n      ...RunDetail\n    }\n  }\n": typeof types.CancelRunDocument,
    "\n  mutation RetryRun($id: ID!) {\n    retryRun(id: $id) {\n      ...RunDetail\n    }\n  }\n": typeof types.RetryRunDocument,
    "\n  query Templates {\n    templates {\n      id\n      key\n      name\n      description\n      published {\n        id\n        version\n        publishedAt\n      }\n      versions {\n        id\n        version\n        status\n      }\n    }\n  }\n": typeof types.TemplatesDocument,
    "\n  fragment TemplateVersionDetail on TemplateVersion {\n    id\n    version\n    status\n    spec\n    contentHash\n    author\n    changelog\n    createdAt\n    publishedBy\n    publishedAt\n    problems {\n      stepId\n      path\n      rule\n      message\n    }\n  }\n": typeof types.TemplateVersionDetailFragmentDoc,
    "\n  query Template($key: String!) {\n    template(key: $key) {\n      id\n      key\n      name\n      description\n      published {\n        id\n      }\n      versions {\n        ...TemplateVersionDetail\n      }\n    }\n  }\n": typeof types.TemplateDocument,
};
const documents: Documents = {
    "\n  fragment ApiKeyFields on ApiKey {\n    id\n    name\n    prefix\n    roles\n    rateLimitPerMinute\n    createdAt\n    expiresAt\n    lastUsedAt\n    revokedAt\n  }\n": types.ApiKeyFieldsFragmentDoc,
    "\n  fragment ApiKeyRow on ApiKey {\n    ...ApiKeyFields\n    owner {\n      id\n      email\n    }\n  }\n": types.ApiKeyRowFragmentDoc,
    "\n  query ApiKeys {\n    apiKeys {\n      ...ApiKeyRow\n    }\n  }\n": types.ApiKeysDocument,
    "\n  mutation CreateApiKey($name: String!, $roles: [String!]!, $expiresAt: DateTime, $rateLimitPerMinute: Int) {\n    createApiKey(name: $name, roles: $roles, expiresAt: $expiresAt, rateLimitPerMinute: $rateLimitPerMinute) {\n      id\n      secret\n      key {\n        ...ApiKeyFields\n      }\n    }\n  }\n": types.CreateApiKeyDocument,
    "\n  mutation RevokeApiKey($id: ID!) {\n    revokeApiKey(id: $id) {\n      ...ApiKeyRow\n    }\n  }\n": types.RevokeApiKeyDocument,
    "\n  query AuditEvents($filter: AuditFilter, $first: Int, $after: String) {\n    auditEvents(filter: $filter, first: $first, after: $after) {\n      nodes {\n        seq\n        at\n        actorType\n        actor\n        action\n        subjectType\n        subjectId\n        reason\n      }\n      pageInfo {\n        hasNextPage\n        endCursor\n      }\n      totalCount\n    }\n  }\n": types.AuditEventsDocument,
    "\n  query VerifyAuditChain {\n    verifyAuditChain {\n      ok\n      checked\n      brokenAt\n      reason\n    }\n  }\n": types.VerifyAuditChainDocument,
    "\n  fragment SessionUser on User {\n    id\n    email\n    displayName\n    roles\n  }\n": types.SessionUserFragmentDoc,
    "\n  mutation SignIn($email: String!, $password: String!) {\n    login(email: $email, password: $password) {\n      token\n      user {\n        ...SessionUser\n      }\n    }\n  }\n": types.SignInDocument,
    "\n  mutation SignOut {\n    logout\n  }\n": types.SignOutDocument,
    "\n  query CurrentUser {\n    me {\n      ...SessionUser\n    }\n  }\n": types.CurrentUserDocument,
    "\n  query Policies {\n    policies {\n      id\n      key\n      name\n      description\n      published {\n        id\n        version\n        publishedAt\n      }\n      latest {\n        id\n        version\n        status\n      }\n    }\n  }\n": types.PoliciesDocument,
    "\n  fragment PolicyVersionDetail on PolicyVersion {\n    id\n    version\n    status\n    logic\n    inputSchema\n    testCases\n    changelog\n    contentHash\n    author\n    createdAt\n    publishedBy\n    publishedAt\n    problems {\n      path\n      rule\n      message\n    }\n  }\n": types.PolicyVersionDetailFragmentDoc,
    "\n  query Policy($key: String!) {\n    policy(key: $key) {\n      id\n      key\n      name\n      description\n      published {\n        id\n      }\n      latest {\n        id\n      }\n      versions {\n        ...PolicyVersionDetail\n      }\n    }\n  }\n": types.PolicyDocument,
    "\n  query EvaluatePolicy($versionId: ID!, $data: JSON!) {\n    evaluatePolicy(versionId: $versionId, data: $data) {\n      result\n      trace\n      varsRead\n      explanation\n    }\n  }\n": types.EvaluatePolicyDocument,
    "\n  query RunPolicyTests($versionId: ID!) {\n    runPolicyTests(versionId: $versionId) {\n      passed\n      total\n      failed\n      cases {\n        name\n        passed\n        expected\n        actual\n        error\n      }\n      coverage\n    }\n  }\n": types.RunPolicyTestsDocument,
    "\n  fragment ReviewTaskFields on ReviewTask {\n    id\n    runId\n    stepId\n    status\n    role\n    escalationRole\n    escalatedAt\n    title\n    reason\n    fields\n    explanation\n    dueAt\n    decision\n    edits\n    comment\n    decidedBy\n    decidedAt\n    createdAt\n  }\n": types.ReviewTaskFieldsFragmentDoc,
    "\n  query ReviewTasks($status: ReviewStatus) {\n    reviewTasks(status: $status) {\n      ...ReviewTaskFields\n    }\n  }\n": types.ReviewTasksDocument,
    "\n  mutation DecideReviewTask($id: ID!, $decision: ReviewDecision!, $edits: JSON, $comment: String) {\n    decideReviewTask(id: $id, decision: $decision, edits: $edits, comment: $comment) {\n      ...ReviewTaskFields\n    }\n  }\n": types.DecideReviewTaskDocument,
    "\n  fragment RunSummary on Run {\n    id\n    templateKey\n    templateVersion\n    mode\n    status\n    outcome\n    decisionSummary\n    startedBy\n    tokens\n    costUsd\n    createdAt\n    finishedAt\n  }\n": types.RunSummaryFragmentDoc,
    "\n  fragment RunStep on StepView {\n    stepId\n    kind\n    status\n    attempt\n    input\n    output\n    explanation\n    error\n    skipReason\n    durationMs\n    tokens\n    costUsd\n    startedAt\n  }\n": types.RunStepFragmentDoc,
    "\n  fragment RunDetail on Run {\n    ...RunSummary\n    templateVersionId\n    idempotencyKey\n    input\n    output\n    error\n    references\n    corrections\n    steps {\n      ...RunStep\n    }\n  }\n": types.RunDetailFragmentDoc,
    "\n  query Runs($filter: RunFilter, $first: Int, $after: String) {\n    runs(filter: $filter, first: $first, after: $after) {\n      nodes {\n        ...RunSummary\n      }\n      pageInfo {\n        hasNextPage\n        endCursor\n      }\n      totalCount\n    }\n  }\n": types.RunsDocument,
    "\n  query Run($id: ID!) {\n    run(id: $id) {\n      ...RunDetail\n    }\n  }\n": types.RunDocument,
    "\n  query RunTemplateVersion($id: ID!) {\n    templateVersion(id: $id) {\n      id\n      version\n      spec\n    }\n  }\n": types.RunTemplateVersionDocument,
    "\n  query RunTemplateOptions {\n    templates {\n      key\n      name\n    }\n  }\n": types.RunTemplateOptionsDocument,
    "\n  mutation StartRun($templateKey: String!, $input: JSON!, $mode: RunMode, $idempotencyKey: String, $versionId: ID) {\n    startRun(templateKey: $templateKey, input: $input, mode: $mode, idempotencyKey: $idempotencyKey, versionId: $versionId) {\n      id\n      status\n    }\n  }\n": types.StartRunDocument,
    "\n  mutation CancelRun($id: ID!, $reason: String) {\n    cancelRun(id: $id, reason: $reason) {\n      ...RunDetail\n    }\n  }\n": types.CancelRunDocument,
    "\n  mutation RetryRun($id: ID!) {\n    retryRun(id: $id) {\n      ...RunDetail\n    }\n  }\n": types.RetryRunDocument,
    "\n  query Templates {\n    templates {\n      id\n      key\n      name\n      description\n      published {\n        id\n        version\n        publishedAt\n      }\n      versions {\n        id\n        version\n        status\n      }\n    }\n  }\n": types.TemplatesDocument,
    "\n  fragment TemplateVersionDetail on TemplateVersion {\n    id\n    version\n    status\n    spec\n    contentHash\n    author\n    changelog\n    createdAt\n    publishedBy\n    publishedAt\n    problems {\n      stepId\n      path\n      rule\n      message\n    }\n  }\n": types.TemplateVersionDetailFragmentDoc,
    "\n  query Template($key: String!) {\n    template(key: $key) {\n      id\n      key\n      name\n      description\n      published {\n        id\n      }\n      versions {\n        ...TemplateVersionDetail\n      }\n    }\n  }\n": types.TemplateDocument,
};

/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 *
 *
 * @example
 * ```ts
 * const query = graphql(`query GetUser($id: ID!) { user(id: $id) { name } }`);
 * ```
 *
 * The query argument is unknown!
 * Please regenerate the types.
 */
export function graphql(source: string): unknown;

/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  fragment ApiKeyFields on ApiKey {\n    id\n    name\n    prefix\n    roles\n    rateLimitPerMinute\n    createdAt\n    expiresAt\n    lastUsedAt\n    revokedAt\n  }\n"): (typeof documents)["\n  fragment ApiKeyFields on ApiKey {\n    id\n    name\n    prefix\n    roles\n    rateLimitPerMinute\n    createdAt\n    expiresAt\n    lastUsedAt\n    revokedAt\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  fragment ApiKeyRow on ApiKey {\n    ...ApiKeyFields\n    owner {\n      id\n      email\n    }\n  }\n"): (typeof documents)["\n  fragment ApiKeyRow on ApiKey {\n    ...ApiKeyFields\n    owner {\n      id\n      email\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query ApiKeys {\n    apiKeys {\n      ...ApiKeyRow\n    }\n  }\n"): (typeof documents)["\n  query ApiKeys {\n    apiKeys {\n      ...ApiKeyRow\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation CreateApiKey($name: String!, $roles: [String!]!, $expiresAt: DateTime, $rateLimitPerMinute: Int) {\n    createApiKey(name: $name, roles: $roles, expiresAt: $expiresAt, rateLimitPerMinute: $rateLimitPerMinute) {\n      id\n      secret\n      key {\n        ...ApiKeyFields\n      }\n    }\n  }\n"): (typeof documents)["\n  mutation CreateApiKey($name: String!, $roles: [String!]!, $expiresAt: DateTime, $rateLimitPerMinute: Int) {\n    createApiKey(name: $name, roles: $roles, expiresAt: $expiresAt, rateLimitPerMinute: $rateLimitPerMinute) {\n      id\n      secret\n      key {\n        ...ApiKeyFields\n      }\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation RevokeApiKey($id: ID!) {\n    revokeApiKey(id: $id) {\n      ...ApiKeyRow\n    }\n  }\n"): (typeof documents)["\n  mutation RevokeApiKey($id: ID!) {\n    revokeApiKey(id: $id) {\n      ...ApiKeyRow\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query AuditEvents($filter: AuditFilter, $first: Int, $after: String) {\n    auditEvents(filter: $filter, first: $first, after: $after) {\n      nodes {\n        seq\n        at\n        actorType\n        actor\n        action\n        subjectType\n        subjectId\n        reason\n      }\n      pageInfo {\n        hasNextPage\n        endCursor\n      }\n      totalCount\n    }\n  }\n"): (typeof documents)["\n  query AuditEvents($filter: AuditFilter, $first: Int, $after: String) {\n    auditEvents(filter: $filter, first: $first, after: $after) {\n      nodes {\n        seq\n        at\n        actorType\n        actor\n        action\n        subjectType\n        subjectId\n        reason\n      }\n      pageInfo {\n        hasNextPage\n        endCursor\n      }\n      totalCount\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query VerifyAuditChain {\n    verifyAuditChain {\n      ok\n      checked\n      brokenAt\n      reason\n    }\n  }\n"): (typeof documents)["\n  query VerifyAuditChain {\n    verifyAuditChain {\n      ok\n      checked\n      brokenAt\n      reason\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  fragment SessionUser on User {\n    id\n    email\n    displayName\n    roles\n  }\n"): (typeof documents)["\n  fragment SessionUser on User {\n    id\n    email\n    displayName\n    roles\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation SignIn($email: String!, $password: String!) {\n    login(email: $email, password: $password) {\n      token\n      user {\n        ...SessionUser\n      }\n    }\n  }\n"): (typeof documents)["\n  mutation SignIn($email: String!, $password: String!) {\n    login(email: $email, password: $password) {\n      token\n      user {\n        ...SessionUser\n      }\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation SignOut {\n    logout\n  }\n"): (typeof documents)["\n  mutation SignOut {\n    logout\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query CurrentUser {\n    me {\n      ...SessionUser\n    }\n  }\n"): (typeof documents)["\n  query CurrentUser {\n    me {\n      ...SessionUser\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query Policies {\n    policies {\n      id\n      key\n      name\n      description\n      published {\n        id\n        version\n        publishedAt\n      }\n      latest {\n        id\n        version\n        status\n      }\n    }\n  }\n"): (typeof documents)["\n  query Policies {\n    policies {\n      id\n      key\n      name\n      description\n      published {\n        id\n        version\n        publishedAt\n      }\n      latest {\n        id\n        version\n        status\n      }\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  fragment PolicyVersionDetail on PolicyVersion {\n    id\n    version\n    status\n    logic\n    inputSchema\n    testCases\n    changelog\n    contentHash\n    author\n    createdAt\n    publishedBy\n    publishedAt\n    problems {\n      path\n      rule\n      message\n    }\n  }\n"): (typeof documents)["\n  fragment PolicyVersionDetail on PolicyVersion {\n    id\n    version\n    status\n    logic\n    inputSchema\n    testCases\n    changelog\n    contentHash\n    author\n    createdAt\n    publishedBy\n    publishedAt\n    problems {\n      path\n      rule\n      message\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query Policy($key: String!) {\n    policy(key: $key) {\n      id\n      key\n      name\n      description\n      published {\n        id\n      }\n      latest {\n        id\n      }\n      versions {\n        ...PolicyVersionDetail\n      }\n    }\n  }\n"): (typeof documents)["\n  query Policy($key: String!) {\n    policy(key: $key) {\n      id\n      key\n      name\n      description\n      published {\n        id\n      }\n      latest {\n        id\n      }\n      versions {\n        ...PolicyVersionDetail\n      }\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query EvaluatePolicy($versionId: ID!, $data: JSON!) {\n    evaluatePolicy(versionId: $versionId, data: $data) {\n      result\n      trace\n      varsRead\n      explanation\n    }\n  }\n"): (typeof documents)["\n  query EvaluatePolicy($versionId: ID!, $data: JSON!) {\n    evaluatePolicy(versionId: $versionId, data: $data) {\n      result\n      trace\n      varsRead\n      explanation\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query RunPolicyTests($versionId: ID!) {\n    runPolicyTests(versionId: $versionId) {\n      passed\n      total\n      failed\n      cases {\n        name\n        passed\n        expected\n        actual\n        error\n      }\n      coverage\n    }\n  }\n"): (typeof documents)["\n  query RunPolicyTests($versionId: ID!) {\n    runPolicyTests(versionId: $versionId) {\n      passed\n      total\n      failed\n      cases {\n        name\n        passed\n        expected\n        actual\n        error\n      }\n      coverage\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  fragment ReviewTaskFields on ReviewTask {\n    id\n    runId\n    stepId\n    status\n    role\n    escalationRole\n    escalatedAt\n    title\n    reason\n    fields\n    explanation\n    dueAt\n    decision\n    edits\n    comment\n    decidedBy\n    decidedAt\n    createdAt\n  }\n"): (typeof documents)["\n  fragment ReviewTaskFields on ReviewTask {\n    id\n    runId\n    stepId\n    status\n    role\n    escalationRole\n    escalatedAt\n    title\n    reason\n    fields\n    explanation\n    dueAt\n    decision\n    edits\n    comment\n    decidedBy\n    decidedAt\n    createdAt\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query ReviewTasks($status: ReviewStatus) {\n    reviewTasks(status: $status) {\n      ...ReviewTaskFields\n    }\n  }\n"): (typeof documents)["\n  query ReviewTasks($status: ReviewStatus) {\n    reviewTasks(status: $status) {\n      ...ReviewTaskFields\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation DecideReviewTask($id: ID!, $decision: ReviewDecision!, $edits: JSON, $comment: String) {\n    decideReviewTask(id: $id, decision: $decision, edits: $edits, comment: $comment) {\n      ...ReviewTaskFields\n    }\n  }\n"): (typeof documents)["\n  mutation DecideReviewTask($id: ID!, $decision: ReviewDecision!, $edits: JSON, $comment: String) {\n    decideReviewTask(id: $id, decision: $decision, edits: $edits, comment: $comment) {\n      ...ReviewTaskFields\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  fragment RunSummary on Run {\n    id\n    templateKey\n    templateVersion\n    mode\n    status\n    outcome\n    decisionSummary\n    startedBy\n    tokens\n    costUsd\n    createdAt\n    finishedAt\n  }\n"): (typeof documents)["\n  fragment RunSummary on Run {\n    id\n    templateKey\n    templateVersion\n    mode\n    status\n    outcome\n    decisionSummary\n    startedBy\n    tokens\n    costUsd\n    createdAt\n    finishedAt\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  fragment RunStep on StepView {\n    stepId\n    kind\n    status\n    attempt\n    input\n    output\n    explanation\n    error\n    skipReason\n    durationMs\n    tokens\n    costUsd\n    startedAt\n  }\n"): (typeof documents)["\n  fragment RunStep on StepView {\n    stepId\n    kind\n    status\n    attempt\n    input\n    output\n    explanation\n    error\n    skipReason\n    durationMs\n    tokens\n    costUsd\n    startedAt\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  fragment RunDetail on Run {\n    ...RunSummary\n    templateVersionId\n    idempotencyKey\n    input\n    output\n    error\n    references\n    corrections\n    steps {\n      ...RunStep\n    }\n  }\n"): (typeof documents)["\n  fragment RunDetail on Run {\n    ...RunSummary\n    templateVersionId\n    idempotencyKey\n    input\n    output\n    error\n    references\n    corrections\n    steps {\n      ...RunStep\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query Runs($filter: RunFilter, $first: Int, $after: String) {\n    runs(filter: $filter, first: $first, after: $after) {\n      nodes {\n        ...RunSummary\n      }\n      pageInfo {\n        hasNextPage\n        endCursor\n      }\n      totalCount\n    }\n  }\n"): (typeof documents)["\n  query Runs($filter: RunFilter, $first: Int, $after: String) {\n    runs(filter: $filter, first: $first, after: $after) {\n      nodes {\n        ...RunSummary\n      }\n      pageInfo {\n        hasNextPage\n        endCursor\n      }\n      totalCount\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query Run($id: ID!) {\n    run(id: $id) {\n      ...RunDetail\n    }\n  }\n"): (typeof documents)["\n  query Run($id: ID!) {\n    run(id: $id) {\n      ...RunDetail\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query RunTemplateVersion($id: ID!) {\n    templateVersion(id: $id) {\n      id\n      version\n      spec\n    }\n  }\n"): (typeof documents)["\n  query RunTemplateVersion($id: ID!) {\n    templateVersion(id: $id) {\n      id\n      version\n      spec\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query RunTemplateOptions {\n    templates {\n      key\n      name\n    }\n  }\n"): (typeof documents)["\n  query RunTemplateOptions {\n    templates {\n      key\n      name\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation StartRun($templateKey: String!, $input: JSON!, $mode: RunMode, $idempotencyKey: String, $versionId: ID) {\n    startRun(templateKey: $templateKey, input: $input, mode: $mode, idempotencyKey: $idempotencyKey, versionId: $versionId) {\n      id\n      status\n    }\n  }\n"): (typeof documents)["\n  mutation StartRun($templateKey: String!, $input: JSON!, $mode: RunMode, $idempotencyKey: String, $versionId: ID) {\n    startRun(templateKey: $templateKey, input: $input, mode: $mode, idempotencyKey: $idempotencyKey, versionId: $versionId) {\n      id\n      status\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation CancelRun($id: ID!, $reason: String) {\n    cancelRun(id: $id, reason: $reason) {\n      ...RunDetail\n    }\n  }\n"): (typeof documents)["\n  mutation CancelRun($id: ID!, $reason: String) {\n    cancelRun(id: $id, reason: $reason) {\n      ...RunDetail\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation RetryRun($id: ID!) {\n    retryRun(id: $id) {\n      ...RunDetail\n    }\n  }\n"): (typeof documents)["\n  mutation RetryRun($id: ID!) {\n    retryRun(id: $id) {\n      ...RunDetail\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query Templates {\n    templates {\n      id\n      key\n      name\n      description\n      published {\n        id\n        version\n        publishedAt\n      }\n      versions {\n        id\n        version\n        status\n      }\n    }\n  }\n"): (typeof documents)["\n  query Templates {\n    templates {\n      id\n      key\n      name\n      description\n      published {\n        id\n        version\n        publishedAt\n      }\n      versions {\n        id\n        version\n        status\n      }\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  fragment TemplateVersionDetail on TemplateVersion {\n    id\n    version\n    status\n    spec\n    contentHash\n    author\n    changelog\n    createdAt\n    publishedBy\n    publishedAt\n    problems {\n      stepId\n      path\n      rule\n      message\n    }\n  }\n"): (typeof documents)["\n  fragment TemplateVersionDetail on TemplateVersion {\n    id\n    version\n    status\n    spec\n    contentHash\n    author\n    changelog\n    createdAt\n    publishedBy\n    publishedAt\n    problems {\n      stepId\n      path\n      rule\n      message\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query Template($key: String!) {\n    template(key: $key) {\n      id\n      key\n      name\n      description\n      published {\n        id\n      }\n      versions {\n        ...TemplateVersionDetail\n      }\n    }\n  }\n"): (typeof documents)["\n  query Template($key: String!) {\n    template(key: $key) {\n      id\n      key\n      name\n      description\n      published {\n        id\n      }\n      versions {\n        ...TemplateVersionDetail\n      }\n    }\n  }\n"];

export function graphql(source: string) {
  return (documents as any)[source] ?? {};
}

export type DocumentType<TDocumentNode extends DocumentNode<any, any>> = TDocumentNode extends DocumentNode<  infer TType,  any>  ? TType  : never;