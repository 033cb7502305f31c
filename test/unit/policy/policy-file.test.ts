import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { ValidationError } from '../../../server/src/domain/errors/index.js';
import { POLICY_FILE_SCHEMA, parsePolicyFile, serializePolicyFile, type PolicyFile } from '../../../server/src/domain/policy/index.js';

const policyFiles = readdirSync('policies').filter((file) => file.endsWith('.json')).sort();
const read = (file: string) => readFileSync(path.join('policies', file), 'utf8');
const sample = (): Record<string, unknown> => JSON.parse(read('invoice-approval-route.json')) as Record<string, unknown>;

function problemsOf(json: unknown): Array<[string, string]> {
  try {
    parsePolicyFile(json);
  } catch (error) {
    expect(error).toBeInstanceOf(ValidationError);
    return (error as ValidationError).problems.map((p) => [p.path, p.rule]);
  }
  return [];
}

describe('policy file format', () => {
  it('schemas/policy-file.schema.json is the schema the domain validates with', () => {
    expect(JSON.parse(readFileSync('schemas/policy-file.schema.json', 'utf8'))).toEqual(POLICY_FILE_SCHEMA);
  });

  it.each(policyFiles)('%s round-trips byte for byte', (file) => {
    const text = read(file);
    expect(serializePolicyFile(parsePolicyFile(JSON.parse(text)))).toBe(text);
  });

  it('writes fields in schema order with 2-space indent and a trailing newline', () => {
    const { testCases, logic, key, description, name } = parsePolicyFile(sample());
    const shuffled = { testCases, logic, description, key, name } as PolicyFile;
    const text = serializePolicyFile(shuffled);
    expect(Object.keys(JSON.parse(text) as object)).toEqual(['key', 'name', 'description', 'logic', 'testCases']);
    expect(text.endsWith('}\n')).toBe(true);
    expect(text.split('\n')[1]).toBe('  "key": "invoice-approval-route",');
  });

  it.each<[string, (file: Record<string, unknown>) => unknown, Array<[string, string]>]>([
    ['a missing field', ({ name: _name, ...rest }) => rest, [['/name', 'required']]],
    ['an unknown field', (file) => ({ ...file, owner: 'me' }), [['/owner', 'additionalProperties']]],
    ['a bad key', (file) => ({ ...file, key: 'Invoice Route' }), [['/key', 'pattern']]],
    ['an invalid input schema', (file) => ({ ...file, inputSchema: { type: 'objekt' } }), [['/inputSchema', 'json-schema']]],
    ['a malformed rule', (file) => ({ ...file, logic: { and: [{ '>': 1, '<': 2 }] } }), [['/logic/and/0', 'shape']]],
    ['duplicate case names', (file) => ({ ...file, testCases: [...(file.testCases as unknown[]), (file.testCases as unknown[])[0]] }), [['/testCases/4/name', 'unique']]],
    ['a case without expected', (file) => ({ ...file, testCases: [{ name: 'x', data: {} }] }), [['/testCases/0/expected', 'required']]],
  ])('refuses %s', (_, change, expected) => {
    expect(problemsOf(change(sample()))).toEqual(expected);
  });

  it('keeps draft-level rule problems for checkPolicy, not for the file format', () => {
    expect(problemsOf({ ...sample(), logic: { frobnicate: [1] } })).toEqual([]);
  });

  it('refuses a rule nested 10,000 levels deep without recursing', () => {
    let logic: unknown = 1;
    for (let i = 0; i < 10_000; i += 1) logic = { '!': logic };
    expect(problemsOf({ ...sample(), logic })[0]).toEqual(['/logic/!/!/!/!/!/!/!/!/!/!/!/!/!/!/!/!/!/!/!/!/!/!/!/!/!/!/!/!/!/!/!/!/!/!/!/!/!/!/!/!/!/!/!/!/!/!/!/!/!/!/!/!/!/!/!/!/!/!/!/!/!/!/!/!', 'depth']);
  });

  it('refuses to write what JSON cannot hold', () => {
    const policy = parsePolicyFile(sample());
    const broken = { ...policy, testCases: [{ name: 'nan', data: { amount: Number.NaN }, expected: 'auto' }] } as PolicyFile;
    expect(() => serializePolicyFile(broken)).toThrow(/NaN, Infinity/);
  });
});
