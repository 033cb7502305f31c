import type { ValidateFunction } from 'ajv/dist/2020.js';
import type { FieldProblem } from '../errors/index.js';
import { canonicalJson } from '../shared/canonical-json.js';
import { ajv, toFieldProblems } from '../shared/json-schema.js';
import type { JsonSchema } from '../template/template.model.js';

/**
 * Schemas written by template authors (input schemas, transform output
 * schemas) arrive as fresh objects every time a template is loaded. ajv keeps
 * every compiled schema object and refuses a second schema with the same
 * `$id`, so these are compiled without their top-level `$id` and cached by
 * content, which bounds the cache by the number of distinct schemas.
 */
const MAX_CACHED = 500;
const validators = new Map<string, ValidateFunction>();

function stripId(schema: JsonSchema): JsonSchema {
  const { $id: _dropped, ...rest } = schema;
  return rest;
}

/** Problems with a schema itself (unknown keywords, wrong types), located under basePath. */
export function checkUserSchema(schema: unknown, basePath = ''): FieldProblem[] {
  if (typeof schema !== 'object' || schema === null || Array.isArray(schema)) {
    return [{ path: basePath, rule: 'json-schema', message: 'must be a JSON Schema object' }];
  }
  try {
    compileUserSchema(schema as JsonSchema);
    return [];
  } catch (error) {
    return [{ path: basePath, rule: 'json-schema', message: (error as Error).message }];
  }
}

/** Validates a value against an author-written schema; problems carry JSON pointers under basePath. */
export function validateUserSchema(schema: JsonSchema, value: unknown, basePath = ''): FieldProblem[] {
  const validate = compileUserSchema(schema);
  return validate(value) ? [] : toFieldProblems(validate.errors, basePath);
}

function compileUserSchema(schema: JsonSchema): ValidateFunction {
  const key = canonicalJson(schema);
  const cached = validators.get(key);
  if (cached) return cached;
  const copy = stripId(schema);
  let validate: ValidateFunction;
  try {
    validate = ajv.compile(copy);
  } finally {
    // The validator keeps working after its schema leaves ajv's own registry.
    ajv.removeSchema(copy);
  }
  if (validators.size >= MAX_CACHED) {
    const oldest = validators.keys().next().value;
    if (oldest !== undefined) validators.delete(oldest);
  }
  validators.set(key, validate);
  return validate;
}
