import { describe, expect, it } from 'vitest';
import { describeDue, isOverdue, sortByDue } from '../../../web/src/lib/review-due.js';
import {
  collectEdits, parseFieldDraft, pickFieldInputKind, readReviewFields, sortDecisionProblems, toFieldDraft, type ReviewField,
} from '../../../web/src/lib/review-fields.js';

// The refund-check template's review form, as reviewTasks answers it.
const FIELDS: ReviewField[] = [
  { path: '/steps/extract/order_number', label: 'Order', editable: false, value: 'SO-2002' },
  { path: '/steps/extract/amount', label: 'Amount', editable: true, value: 250 },
  { path: '/steps/extract/reason', label: 'Reason', editable: true, value: 'damaged' },
  { path: '/steps/extract/urgent', label: 'Urgent', editable: true, value: false },
  { path: '/steps/extract/lines', label: 'Lines', editable: true, value: [{ sku: 'A', qty: 1 }] },
];

describe('readReviewFields', () => {
  it('reads fields and labels unlabelled ones by path', () => {
    expect(readReviewFields([{ path: '/a', editable: true, value: 1 }, { label: 'no path' }, 'x'])).toEqual([
      { path: '/a', label: '/a', editable: true, value: 1 },
    ]);
    expect(readReviewFields(null)).toEqual([]);
  });
});

describe('field inputs', () => {
  it.each([
    { value: 250, kind: 'number', draft: '250' },
    { value: false, kind: 'boolean', draft: false },
    { value: 'SO-1', kind: 'text', draft: 'SO-1' },
    { value: null, kind: 'json', draft: 'null' },
    { value: { a: 1 }, kind: 'json', draft: '{\n  "a": 1\n}' },
  ])('$value → $kind input', ({ value, kind, draft }) => {
    expect(pickFieldInputKind(value)).toBe(kind);
    expect(toFieldDraft(pickFieldInputKind(value), value)).toEqual(draft);
    expect(parseFieldDraft(pickFieldInputKind(value), draft)).toEqual({ ok: true, value });
  });

  it.each(['', ' ', 'ninety', '1e999'])('refuses %j as a number', (draft) => {
    expect(parseFieldDraft('number', draft)).toEqual({ ok: false, message: 'Enter a number, such as 90 or 12.50.' });
  });

  it('accepts what a number input already converted', () => {
    expect(parseFieldDraft('number', 90)).toEqual({ ok: true, value: 90 });
    expect(parseFieldDraft('number', Number.NaN).ok).toBe(false);
  });

  it('refuses broken JSON', () => {
    expect(parseFieldDraft('json', '[1,').ok).toBe(false);
  });
});

describe('collectEdits', () => {
  const untouched = Object.fromEntries(FIELDS.map((field) => [field.path, toFieldDraft(pickFieldInputKind(field.value), field.value)]));

  it('has no edits while nothing changed', () => {
    expect(collectEdits(FIELDS, untouched)).toEqual({ edits: {}, errors: {} });
  });

  it('sends changed editable fields with their own types', () => {
    const drafts = { ...untouched, '/steps/extract/amount': '90', '/steps/extract/urgent': true, '/steps/extract/lines': '[{"qty":1,"sku":"A"}]' };
    expect(collectEdits(FIELDS, drafts)).toEqual({ edits: { '/steps/extract/amount': 90, '/steps/extract/urgent': true }, errors: {} });
  });

  it('never sends read-only fields, and reports unreadable drafts', () => {
    const drafts = { ...untouched, '/steps/extract/order_number': 'SO-9', '/steps/extract/amount': 'lots' };
    expect(collectEdits(FIELDS, drafts)).toEqual({ edits: {}, errors: { '/steps/extract/amount': 'Enter a number, such as 90 or 12.50.' } });
  });

  it('treats 250.0 as unchanged', () => {
    expect(collectEdits(FIELDS, { ...untouched, '/steps/extract/amount': '250.0' }).edits).toEqual({});
  });
});

describe('sortDecisionProblems', () => {
  it('puts each server problem next to its input', () => {
    expect(sortDecisionProblems([
      { path: '/edits/~1steps~1extract~1order_number', rule: 'editable', message: '/steps/extract/order_number is not an editable field of this task' },
      { path: '/comment', rule: 'required', message: 'a rejection needs a comment' },
      { path: '/edits', rule: 'minProperties', message: 'an edit decision needs at least one edited field' },
      { path: '', rule: 'x', message: 'something else' },
    ])).toEqual({
      fields: { '/steps/extract/order_number': '/steps/extract/order_number is not an editable field of this task' },
      comment: 'a rejection needs a comment',
      form: ['an edit decision needs at least one edited field', 'something else'],
    });
  });
});

describe('due times', () => {
  const now = new Date('2025-03-01T12:00:00Z');

  it('sorts soonest first without changing the input', () => {
    const tasks = [{ id: 'b', dueAt: '2025-03-02T00:00:00Z' }, { id: 'a', dueAt: '2025-03-01T08:00:00Z' }, { id: 'c', dueAt: '2025-03-01T13:00:00Z' }];
    expect(sortByDue(tasks).map((task) => task.id)).toEqual(['a', 'c', 'b']);
    expect(tasks[0]?.id).toBe('b');
  });

  it.each([
    { dueAt: '2025-03-01T11:40:00Z', overdue: true, text: 'Overdue by 20 min' },
    { dueAt: '2025-03-01T15:00:00Z', overdue: false, text: 'Due in 3 h' },
    { dueAt: '2025-03-01T12:00:20Z', overdue: false, text: 'Due in less than a minute' },
    { dueAt: '2025-03-05T12:00:00Z', overdue: false, text: 'Due in 4 days' },
    { dueAt: 'soon', overdue: false, text: 'No due time' },
  ])('$dueAt: $text', ({ dueAt, overdue, text }) => {
    expect(isOverdue(dueAt, now)).toBe(overdue);
    expect(describeDue(dueAt, now)).toBe(text);
  });
});
