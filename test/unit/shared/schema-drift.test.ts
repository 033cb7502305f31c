import 'reflect-metadata';
import { readFileSync } from 'node:fs';
import { printSchema } from 'graphql';
import { describe, expect, it } from 'vitest';
import { getSchema } from '../../../server/src/graphql/schema.js';

describe('generated web types', () => {
  it('were generated from the current server schema (run `npm run schema:emit` when this fails)', async () => {
    const committed = readFileSync('web/src/generated/schema.graphql', 'utf8');
    expect(committed).toBe(`${printSchema(await getSchema())}\n`);
  });
});
