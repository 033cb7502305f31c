import 'reflect-metadata';
import { writeFileSync } from 'node:fs';
import { printSchema } from 'graphql';
import { getSchema } from '../schema.js';

/**
 * `npm run schema:emit` — writes the server's GraphQL schema to
 * web/src/generated/schema.graphql, the input of the web app's generated
 * types. A test fails when the committed file drifts from the live schema.
 */
const target = process.argv[2] ?? 'web/src/generated/schema.graphql';
writeFileSync(target, `${printSchema(await getSchema())}\n`);
console.log(`wrote ${target}`);
