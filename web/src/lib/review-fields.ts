import type { FieldProblem } from './api-error.js';
import { splitPointer } from './json-pointer.js';
import { formatJson, isJsonRecord, parseJsonText } from './json-text.js';

/** One entry of a review task's form: a value from the run, shown or offered for correction. */
export interface ReviewField {
  /** JSON pointer into the run context, also the key of an edit. */
  path: string;
  label: string;
  editable: boolean;
  value: unknown;
}

/** The input that fits the value a field holds now. */
export type FieldInputKind = 'number' | 'boolean' | 'text' | 'json';

/** What a person typed (a checkbox gives a boolean, a number input may give a number). */
export type FieldDraft = string | number | boolean;

export type FieldParseResult = { ok: true; value: unknown } | { ok: false; message: string };

export function readReviewFields(fields: unknown): ReviewField[] {
  if (!Array.isArray(fields)) return [];
  return fields.flatMap((raw): ReviewField[] => {
    if (!isJsonRecord(raw) || typeof raw.path !== 'string') return [];
    return [{
      path: raw.path,
      label: typeof raw.label === 'string' && raw.label !== '' ? raw.label : raw.path,
      editable: raw.editable === true,
      value: raw.value,
    }];
  });
}

export function pickFieldInputKind(value: unknown): FieldInputKind {
  if (typeof value === 'number') return 'number';
  if (typeof value === 'boolean') return 'boolean';
  if (typeof value === 'string') return 'text';
  return 'json';
}

export function toFieldDraft(kind: FieldInputKind, value: unknown): FieldDraft {
  switch (kind) {
    case 'boolean':
      return value === true;
    case 'number':
      return typeof value === 'number' ? String(value) : '';
    case 'text':
      return typeof value === 'string' ? value : '';
    default:
      return value === undefined ? 'null' : formatJson(value);
  }
}

/** Reads a draft back into a value of the field's type, or says what to fix. */
export function parseFieldDraft(kind: FieldInputKind, draft: FieldDraft): FieldParseResult {
  if (kind === 'boolean') return { ok: true, value: draft === true };
  const text = typeof draft === 'string' ? draft : String(draft);
  if (kind === 'text') return { ok: true, value: text };
  if (kind === 'number') {
    const trimmed = text.trim();
    const value = Number(trimmed);
    if (trimmed === '' || !Number.isFinite(value)) return { ok: false, message: 'Enter a number, such as 90 or 12.50.' };
    return { ok: true, value };
  }
  return parseJsonText(text);
}

function canonical(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(canonical).join(',')}]`;
  if (isJsonRecord(value)) {
    return `{${Object.keys(value).sort().map((key) => `${JSON.stringify(key)}:${canonical(value[key])}`).join(',')}}`;
  }
  return JSON.stringify(value) ?? 'undefined';
}

export function isSameValue(a: unknown, b: unknown): boolean {
  return canonical(a) === canonical(b);
}

export interface CollectedEdits {
  /** `{ "<path>": newValue }` for every editable field whose value changed. */
  edits: Record<string, unknown>;
  /** Messages for drafts that could not be read, by field path. */
  errors: Record<string, string>;
}

export function collectEdits(fields: readonly ReviewField[], drafts: Readonly<Record<string, FieldDraft>>): CollectedEdits {
  const edits: Record<string, unknown> = {};
  const errors: Record<string, string> = {};
  for (const field of fields) {
    const draft = drafts[field.path];
    if (!field.editable || draft === undefined) continue;
    const parsed = parseFieldDraft(pickFieldInputKind(field.value), draft);
    if (!parsed.ok) errors[field.path] = parsed.message;
    else if (!isSameValue(parsed.value, field.value)) edits[field.path] = parsed.value;
  }
  return { edits, errors };
}

export interface DecisionProblems {
  /** By field path (the edit's key). */
  fields: Record<string, string>;
  comment: string | null;
  /** Problems that belong to no single input. */
  form: string[];
}

/**
 * Places the server's BAD_USER_INPUT problems of `decideReviewTask` next to
 * the inputs they are about: `/edits/~1steps~1extract~1amount` is the field
 * `/steps/extract/amount`, `/comment` the comment.
 */
export function sortDecisionProblems(problems: readonly FieldProblem[]): DecisionProblems {
  const sorted: DecisionProblems = { fields: {}, comment: null, form: [] };
  for (const problem of problems) {
    const [root, fieldPath, ...rest] = splitPointer(problem.path);
    if (root === 'comment') sorted.comment = problem.message;
    else if (root === 'edits' && fieldPath !== undefined && rest.length === 0) sorted.fields[fieldPath] = problem.message;
    else sorted.form.push(problem.message);
  }
  return sorted;
}
