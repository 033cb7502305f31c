import 'reflect-metadata';
import type { GraphQLSchema } from 'graphql';
import { buildSchema, type NonEmptyArray } from 'type-graphql';
import { AuditResolver } from './audit/audit.resolver.js';
import { ComplianceResolver } from './compliance/compliance.resolver.js';
import { MetricsResolver } from './runs/metrics.resolver.js';
import { RunResolver } from './runs/run.resolver.js';
import { SecretResolver } from './secrets/secret.resolver.js';
import { TemplateResolver } from './templates/template.resolver.js';
import { PromptResolver } from './prompts/prompt.resolver.js';
import { PolicyResolver } from './policies/policy.resolver.js';
import { UserResolver } from './users/user.resolver.js';

// eslint-disable-next-line @typescript-eslint/no-unsafe-function-type
export const RESOLVERS: NonEmptyArray<Function> = [UserResolver, PolicyResolver, PromptResolver, TemplateResolver, RunResolver, AuditResolver, SecretResolver, ComplianceResolver, MetricsResolver];

let schema: Promise<GraphQLSchema> | undefined;

/** Built once per process: type-graphql keeps global metadata, and building is not free. */
export function getSchema(): Promise<GraphQLSchema> {
  schema ??= buildSchema({ resolvers: RESOLVERS, validate: false, emitSchemaFile: false });
  return schema;
}
