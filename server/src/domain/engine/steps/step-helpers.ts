import { DomainError, RateLimitError, type FieldProblem } from '../../errors/index.js';
import { escapePointer } from '../../shared/json-schema.js';
import { isTypeCompatible, describeType } from '../../template/schema-paths.js';
import type { CatalogRef, JsonSchema } from '../../template/template.model.js';
import type { StepError, StepOutcome } from './step-kind.js';

export const catalogRefSchema = {
  type: 'object',
  required: ['key'],
  additionalProperties: false,
  properties: {
    key: { type: 'string', pattern: '^[a-z0-9][a-z0-9-]*$', description: 'Policy or prompt key' },
    version: { type: 'integer', minimum: 1, description: 'Exact version; omit to use a label or the latest published' },
    label: { type: 'string', minLength: 1, description: 'Label such as production, resolved when a run starts' },
  },
} as const;

/** `{ field: <mapping> }`: each member is evaluated against the run context. */
export const fieldMappingSchema = {
  type: 'object',
  additionalProperties: true,
  propertyNames: { pattern: '^[A-Za-z_][A-Za-z0-9_]*$' },
} as const;

/** The key a run stores a resolved version under: `key@3`, `key#production`, or `key` for latest published. */
export function formatCatalogRef(ref: CatalogRef): string {
  if (ref.version !== undefined) return `${ref.key}@${ref.version}`;
  if (ref.label !== undefined) return `${ref.key}#${ref.label}`;
  return ref.key;
}

export function describeCatalogRef(ref: CatalogRef): string {
  if (ref.version !== undefined) return `${ref.key} v${ref.version}`;
  if (ref.label !== undefined) return `${ref.key} (label ${ref.label})`;
  return `${ref.key} (latest published)`;
}

export function buildPointer(...segments: Array<string | number>): string {
  return segments.map((segment) => `/${escapePointer(String(segment))}`).join('');
}

/**
 * Checks mapped fields against a declared input schema (a policy's data, a
 * prompt's variables): required fields are mapped and mapped types fit.
 */
export function checkMappedFields(
  fields: Record<string, unknown>,
  declared: JsonSchema,
  schemaOf: (mapping: unknown) => JsonSchema | undefined,
  options: { basePointer: string; noun: string; owner: string; rulePrefix: string },
): FieldProblem[] {
  const problems: FieldProblem[] = [];
  const properties = (declared.properties ?? {}) as Record<string, JsonSchema>;
  const required = Array.isArray(declared.required) ? (declared.required as string[]) : [];
  for (const name of required) {
    if (!(name in fields)) {
      problems.push({
        path: options.basePointer,
        rule: `${options.rulePrefix}-missing`,
        message: `${options.owner} needs ${options.noun} '${name}', but it is not mapped.`,
      });
    }
  }
  for (const [name, mapping] of Object.entries(fields)) {
    const expected = properties[name];
    if (expected === undefined) {
      if (declared.additionalProperties === false) {
        problems.push({
          path: `${options.basePointer}${buildPointer(name)}`,
          rule: `${options.rulePrefix}-unknown`,
          message: `${options.owner} has no ${options.noun} '${name}'.`,
        });
      }
      continue;
    }
    const actual = schemaOf(mapping);
    if (!isTypeCompatible(expected, actual)) {
      problems.push({
        path: `${options.basePointer}${buildPointer(name)}`,
        rule: 'type-mismatch',
        message: `${options.owner} expects ${options.noun} '${name}' to be ${describeType(expected)}, but it is mapped from ${describeType(actual)}.`,
      });
    }
  }
  return problems;
}

const PERMANENT_CODES = new Set(['BAD_USER_INPUT', 'NOT_FOUND', 'FORBIDDEN', 'UNAUTHENTICATED', 'CONFLICT']);

/**
 * Turns an exception from a port into a failed outcome. Transport trouble
 * (timeouts, rate limits, network) is worth retrying; a domain error that
 * says the request itself is wrong is not. Adapters may also set
 * `retryable` on their errors to decide explicitly.
 */
export function failFromThrown(error: unknown, code = 'port_error'): StepOutcome {
  const message = error instanceof Error ? error.message : String(error);
  if (error instanceof Error && (error.name === 'AbortError' || error.name === 'TimeoutError')) {
    return { status: 'failed', retryable: true, error: { code: 'timeout', message: 'the step did not finish in time' } };
  }
  const failure: StepError = { code, message };
  if (error instanceof RateLimitError) failure.retryAfterMs = error.retryAfterSeconds * 1000;
  const flag = (error as { retryable?: unknown } | null)?.retryable;
  if (typeof flag === 'boolean') return { status: 'failed', retryable: flag, error: failure };
  if (error instanceof DomainError) {
    return { status: 'failed', retryable: !PERMANENT_CODES.has(error.code), error: { ...failure, code: error.code.toLowerCase() } };
  }
  return { status: 'failed', retryable: true, error: failure };
}

/** A mapping that throws (bad operator arguments) fails the step for good: retrying evaluates the same thing. */
export function failMapping(error: unknown, where: string): StepOutcome {
  const message = error instanceof Error ? error.message : String(error);
  return { status: 'failed', retryable: false, error: { code: 'mapping_error', message: `could not evaluate ${where}: ${message}` } };
}

export function failMissingReference(what: string, ref: CatalogRef): StepOutcome {
  return {
    status: 'failed',
    retryable: false,
    error: { code: 'reference_missing', message: `the run has no resolved ${what} for ${describeCatalogRef(ref)}` },
  };
}

export function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
