import { Liquid, LiquidError, type Template } from 'liquidjs';
import { wrapUntrustedText } from './untrusted-text.js';

/**
 * One Liquid engine for all prompts. Strict on purpose: an unknown filter or
 * a missing variable is an error, not an empty string the model would
 * silently never see. Output is not HTML-escaped (prompts are not web pages),
 * the date filter renders in UTC so a rendered prompt (and its cache key) is
 * the same on every machine, and include/render/layout are removed because a
 * prompt is self-contained and the domain reads no files.
 */
export const promptLiquid = new Liquid({
  strictVariables: true,
  strictFilters: true,
  lenientIf: true,
  catchAllErrors: true,
  ownPropertyOnly: true,
  templates: {},
  timezoneOffset: 0,
  locale: 'en-US',
  parseLimit: 1_000_000,
  renderLimit: 2_000,
  memoryLimit: 50_000_000,
});

for (const tag of ['include', 'render', 'layout', 'block']) {
  delete (promptLiquid.tags as Record<string, unknown>)[tag];
}

promptLiquid.registerFilter('untrusted', (value: unknown, tag?: unknown) => wrapUntrustedText(value, tag));

export interface LiquidProblem {
  line: number;
  column: number;
  message: string;
  /** Set when the problem is a variable missing at render time. */
  variable?: string;
}

const parsed = new Map<string, Template[]>();
const PARSE_CACHE_LIMIT = 500;

/** Parses with a small cache: the same templates are rendered for every run of a step. */
export function parseTemplate(source: string): Template[] {
  const hit = parsed.get(source);
  if (hit) return hit;
  const templates = promptLiquid.parse(source);
  if (parsed.size >= PARSE_CACHE_LIMIT) {
    const oldest = parsed.keys().next().value;
    if (oldest !== undefined) parsed.delete(oldest);
  }
  parsed.set(source, templates);
  return templates;
}

function readVariableName(error: LiquidError): string | undefined {
  const original: unknown = error.originalError;
  if (typeof original === 'object' && original !== null && 'variableName' in original) {
    const name = (original as { variableName: unknown }).variableName;
    return typeof name === 'string' ? name : undefined;
  }
  return undefined;
}

function describeOne(error: LiquidError): LiquidProblem {
  const [line = 1, column = 1] = error.token.getPosition();
  const message = (error.originalError?.message ?? error.message).replace(/, line:\d+, col:\d+$/, '');
  const variable = error.name === 'UndefinedVariableError' ? readVariableName(error) : undefined;
  return variable === undefined ? { line, column, message } : { line, column, message, variable };
}

/** Flattens Liquid's error (one, or many with catchAllErrors) into positioned problems. */
export function describeLiquidError(error: unknown): LiquidProblem[] {
  if (!LiquidError.is(error)) throw error;
  const nested: unknown = (error as { errors?: unknown }).errors;
  if (Array.isArray(nested) && nested.length > 0) {
    return nested.filter((item): item is LiquidError => LiquidError.is(item)).map(describeOne);
  }
  return [describeOne(error)];
}
