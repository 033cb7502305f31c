import { diffLines } from 'diff';
import microdiff from 'microdiff';
import { toPointer } from './json-pointer.js';
import type { PromptRole, PromptSpec } from './prompt-spec.js';

export interface PromptLineDiff {
  op: 'add' | 'remove' | 'same';
  text: string;
}

export interface PromptMessageDiff {
  index: number;
  role: PromptRole;
  /** Set when the message changed role between the versions. */
  fromRole?: PromptRole;
  status: 'added' | 'removed' | 'changed' | 'same';
  lines: PromptLineDiff[];
}

export interface PromptFieldChange {
  /** JSON pointer into the spec, e.g. `/parameters/temperature`. */
  path: string;
  op: 'add' | 'remove' | 'change';
  from?: unknown;
  to?: unknown;
}

export interface PromptSpecDiff {
  messages: PromptMessageDiff[];
  /** Everything but the templates: model, parameters, schemas, examples, test cases, changelog. */
  changes: PromptFieldChange[];
  identical: boolean;
}

function splitLines(text: string): string[] {
  if (text === '') return [];
  const lines = text.split('\n');
  if (lines[lines.length - 1] === '') lines.pop();
  return lines;
}

function diffTemplates(from: string, to: string): PromptLineDiff[] {
  return diffLines(from, to).flatMap((change) => {
    const op: PromptLineDiff['op'] = change.added ? 'add' : change.removed ? 'remove' : 'same';
    return splitLines(change.value).map((text) => ({ op, text }));
  });
}

function diffMessage(index: number, spec: { a?: PromptSpec['messages'][number]; b?: PromptSpec['messages'][number] }): PromptMessageDiff {
  const { a, b } = spec;
  if (a && b) {
    const lines = diffTemplates(a.template, b.template);
    const changed = a.role !== b.role || lines.some((line) => line.op !== 'same');
    return {
      index,
      role: b.role,
      ...(a.role !== b.role ? { fromRole: a.role } : {}),
      status: changed ? 'changed' : 'same',
      lines,
    };
  }
  const only = (a ?? b) as PromptSpec['messages'][number];
  return {
    index,
    role: only.role,
    status: a ? 'removed' : 'added',
    lines: splitLines(only.template).map((text) => ({ op: a ? 'remove' : 'add', text })),
  };
}

function pickComparable(spec: PromptSpec): Record<string, unknown> {
  const { messages: _messages, ...rest } = spec;
  // JSON round trip drops undefined members, so an absent field and an
  // explicit undefined compare equal.
  return JSON.parse(JSON.stringify(rest)) as Record<string, unknown>;
}

/** What changed from version `a` to version `b`, for reviewers approving a prompt. */
export function diffPromptSpecs(a: PromptSpec, b: PromptSpec): PromptSpecDiff {
  const count = Math.max(a.messages.length, b.messages.length);
  const messages: PromptMessageDiff[] = [];
  for (let index = 0; index < count; index += 1) {
    const from = a.messages[index];
    const to = b.messages[index];
    messages.push(diffMessage(index, { ...(from ? { a: from } : {}), ...(to ? { b: to } : {}) }));
  }
  const changes = microdiff(pickComparable(a), pickComparable(b)).map((difference): PromptFieldChange => {
    const path = toPointer(difference.path);
    if (difference.type === 'CREATE') return { path, op: 'add', to: difference.value };
    if (difference.type === 'REMOVE') return { path, op: 'remove', from: difference.oldValue };
    return { path, op: 'change', from: difference.oldValue, to: difference.value };
  });
  return { messages, changes, identical: changes.length === 0 && messages.every((m) => m.status === 'same') };
}
