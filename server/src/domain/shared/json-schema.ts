import { Ajv2020, type ErrorObject, type ValidateFunction } from 'ajv/dist/2020.js';
import addFormatsModule from 'ajv-formats';
import { ValidationError, type FieldProblem } from '../errors/index.js';

// ajv-formats ships CommonJS with a default export property.
const addFormats = addFormatsModule as unknown as (ajv: Ajv2020) => Ajv2020;

/**
 * One ajv instance for the whole process: compiled validators are cached by
 * schema identity, and the Docket vocabulary (`x-pii`, canvas hints) is
 * declared once so strict mode still catches typos in real keywords.
 */
export const ajv = new Ajv2020({ allErrors: true, strict: true, allowUnionTypes: true });
addFormats(ajv);
for (const keyword of ['x-pii', 'x-label', 'x-widget', 'x-order']) ajv.addKeyword(keyword);

const compiled = new WeakMap<object, ValidateFunction>();

export function compileSchema(schema: object): ValidateFunction {
  let validate = compiled.get(schema);
  if (!validate) {
    validate = ajv.compile(anonymous(schema));
    compiled.set(schema, validate);
  }
  return validate;
}

/**
 * User schemas are compiled without their top-level `$id`: ajv registers ids
 * globally, so the same schema saved twice (or two versions sharing an id)
 * would otherwise collide. References inside a schema use `#/...` and work.
 */
function anonymous(schema: object): object {
  if (!('$id' in schema)) return schema;
  const { $id: _id, ...rest } = schema as Record<string, unknown>;
  return rest;
}

/** Checks that a value is itself a usable JSON Schema; returns problems instead of throwing. */
export function checkSchema(schema: unknown, basePath = ''): FieldProblem[] {
  if (typeof schema !== 'object' || schema === null || Array.isArray(schema)) {
    return [{ path: basePath, rule: 'json-schema', message: 'must be a JSON Schema object' }];
  }
  try {
    ajv.compile(anonymous(schema));
    return [];
  } catch (error) {
    return [{ path: basePath, rule: 'json-schema', message: (error as Error).message }];
  }
}

export function toFieldProblems(errors: ErrorObject[] | null | undefined, basePath = ''): FieldProblem[] {
  return (errors ?? []).map((error) => {
    let path = `${basePath}${error.instancePath}`;
    if (error.keyword === 'required') path += `/${escapePointer(String(error.params.missingProperty))}`;
    if (error.keyword === 'additionalProperties') path += `/${escapePointer(String(error.params.additionalProperty))}`;
    return { path, rule: error.keyword, message: error.message ?? error.keyword };
  });
}

/** Validates and returns the problems (empty when valid). */
export function validateAgainst(schema: object, value: unknown, basePath = ''): FieldProblem[] {
  const validate = compileSchema(schema);
  return validate(value) ? [] : toFieldProblems(validate.errors, basePath);
}

/** Validates and throws a ValidationError naming every field and rule. */
export function assertValid(schema: object, value: unknown, what: string, basePath = ''): void {
  const problems = validateAgainst(schema, value, basePath);
  if (problems.length > 0) {
    const summary = problems.slice(0, 3).map((p) => `${p.path || '/'} ${p.message}`).join('; ');
    throw new ValidationError(`invalid ${what}: ${summary}`, problems);
  }
}

export function escapePointer(segment: string): string {
  return segment.replace(/~/g, '~0').replace(/\//g, '~1');
}
