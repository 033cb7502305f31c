import { splitPointer } from './json-pointer.js';
import { formatCompactJson, isJsonRecord } from './json-text.js';

/** One evaluated (or skipped) operation of a policy rule, as the server's trace records it. */
export interface TraceEntry {
  pointer: string;
  operator: string;
  evaluated: boolean;
  args?: unknown[];
  unevaluated?: number[];
  value?: unknown;
  nonFinite?: string;
  branch?: string;
  iteration?: number[];
}

export interface TraceLine {
  /** Unique within one trace (a pointer repeats once per iteration). */
  key: string;
  pointer: string;
  /** Nesting in the rule: 0 for the whole rule, 1 for its arguments, … */
  depth: number;
  evaluated: boolean;
  /** `{">": [15450, 100]} → true` */
  text: string;
}

/** The entries of a trace from the API (untrusted JSON); malformed entries are left out. */
export function readTrace(trace: unknown): TraceEntry[] {
  if (!Array.isArray(trace)) return [];
  return trace.flatMap((raw): TraceEntry[] => {
    if (!isJsonRecord(raw) || typeof raw.pointer !== 'string' || typeof raw.operator !== 'string') return [];
    const entry: TraceEntry = { pointer: raw.pointer, operator: raw.operator, evaluated: raw.evaluated !== false };
    if (Array.isArray(raw.args)) entry.args = raw.args;
    if (Array.isArray(raw.unevaluated)) entry.unevaluated = raw.unevaluated.filter((index): index is number => typeof index === 'number');
    if ('value' in raw) entry.value = raw.value;
    if (typeof raw.nonFinite === 'string') entry.nonFinite = raw.nonFinite;
    if (typeof raw.branch === 'string') entry.branch = raw.branch;
    if (Array.isArray(raw.iteration)) entry.iteration = raw.iteration.filter((index): index is number => typeof index === 'number');
    return [entry];
  });
}

/** Operators json-logic writes with one bare argument (`{"var": "amount"}`). */
const UNARY_FORM = new Set(['var', '!', '!!', 'missing_some']);

/** Arguments the operator skipped (the other side of an `if`) read as `…`, not as null. */
const SKIPPED = Symbol('skipped');

function formatArguments(entry: TraceEntry): string {
  const args: unknown[] = (entry.args ?? []).map((arg, index) => (entry.unevaluated?.includes(index) ? SKIPPED : arg));
  const text = (value: unknown): string => (value === SKIPPED ? '…' : formatCompactJson(value));
  if (args.length === 1 && UNARY_FORM.has(entry.operator)) return text(args[0]);
  return `[${args.map(text).join(', ')}]`;
}

/** `{">": [15450, 100]} → true`, with the branch an `if` took and the element of a loop. */
export function formatTraceEntry(entry: TraceEntry): string {
  const operation = `{${JSON.stringify(entry.operator)}: ${entry.args ? formatArguments(entry) : '…'}}`;
  const loop = entry.iteration && entry.iteration.length > 0 ? ` [item ${entry.iteration.join('.')}]` : '';
  if (!entry.evaluated) return `${operation}${loop} (not evaluated)`;
  const value = entry.nonFinite ?? formatCompactJson(entry.value ?? null);
  const branch = entry.branch ? ` (${entry.branch})` : '';
  return `${operation}${loop} → ${value}${branch}`;
}

/** A trace as readable lines, indented by how deep each operation sits in the rule. */
export function describeTrace(trace: unknown): TraceLine[] {
  return readTrace(trace).map((entry, index) => ({
    key: `${index}:${entry.pointer}`,
    pointer: entry.pointer,
    // Pointers alternate operator and argument index: /if/0/>/0 is two levels down.
    depth: Math.ceil(splitPointer(entry.pointer).length / 2),
    evaluated: entry.evaluated,
    text: formatTraceEntry(entry),
  }));
}
