import 'reflect-metadata';
import type { GraphQLSchema } from 'graphql';
import { buildSchema, type NonEmptyArray } from 'type-graphql';
import { UserResolver } from './users/user.resolver.js';

// eslint-disable-next-line @typescript-eslint/no-unsafe-function-type
export const RESOLVERS: NonEmptyArray<Function> = [UserResolver];

let schema: Promise<GraphQLSchema> | undefined;

/** Built once per process: type-graphql keeps global metadata, and building is not free. */
export function getSchema(): Promise<GraphQLSchema> {
  schema ??= buildSchema({ resolvers: RESOLVERS, validate: false, emitSchemaFile: false });
  return schema;
}
