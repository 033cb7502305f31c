/** The values a policy reads, returns and records: plain JSON, nothing else. */
export type JsonValue = null | boolean | number | string | JsonValue[] | { [key: string]: JsonValue };
export type JsonObject = { [key: string]: JsonValue };

export function isPlainObject(value: unknown): value is Record<string, unknown> {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) return false;
  const proto: unknown = Object.getPrototypeOf(value);
  return proto === Object.prototype || proto === null;
}

/** What keeps a value from being JSON, if anything: a non-finite number or a non-JSON value, at any depth. */
export function findNonJsonValue(value: unknown): 'non-finite' | 'non-json' | undefined {
  const stack: unknown[] = [value];
  while (stack.length > 0) {
    const item = stack.pop();
    if (item === null || typeof item === 'string' || typeof item === 'boolean') continue;
    if (typeof item === 'number') {
      if (!Number.isFinite(item)) return 'non-finite';
      continue;
    }
    if (Array.isArray(item)) {
      for (const element of item) stack.push(element);
    } else if (isPlainObject(item)) {
      for (const key of Object.keys(item)) if (item[key] !== undefined) stack.push(item[key]);
    } else {
      return 'non-json';
    }
  }
  return undefined;
}

/**
 * Deep equality with JSON's meaning: key order is irrelevant, members holding
 * `undefined` count as absent, 0 equals -0. Iterative, so deep data cannot
 * overflow the stack.
 */
export function jsonEqual(left: unknown, right: unknown): boolean {
  const stack: Array<[unknown, unknown]> = [[left, right]];
  while (stack.length > 0) {
    const [a, b] = stack.pop() as [unknown, unknown];
    if (a === b) continue;
    if (typeof a !== 'object' || typeof b !== 'object' || a === null || b === null) return false;
    if (Array.isArray(a) !== Array.isArray(b)) return false;
    if (Array.isArray(a) && Array.isArray(b)) {
      if (a.length !== b.length) return false;
      for (let i = 0; i < a.length; i += 1) stack.push([a[i], b[i]]);
      continue;
    }
    const aObject = a as Record<string, unknown>;
    const bObject = b as Record<string, unknown>;
    const aKeys = Object.keys(aObject).filter((key) => aObject[key] !== undefined);
    const bKeys = Object.keys(bObject).filter((key) => bObject[key] !== undefined);
    if (aKeys.length !== bKeys.length) return false;
    for (const key of aKeys) {
      if (!Object.prototype.hasOwnProperty.call(bObject, key)) return false;
      stack.push([aObject[key], bObject[key]]);
    }
  }
  return true;
}

const PREVIEW_ITEMS = 10;
const PREVIEW_DEPTH = 2;
const PREVIEW_STRING = 160;

/** True when a container is already within preview bounds and plain JSON, so it can be shown as it is. */
function fitsPreview(value: unknown, depth: number): boolean {
  if (value === null) return true;
  switch (typeof value) {
    case 'boolean':
      return true;
    case 'number':
      return Number.isFinite(value);
    case 'string':
      return value.length <= PREVIEW_STRING;
    case 'object':
      break;
    default:
      return false;
  }
  if (depth >= PREVIEW_DEPTH) return false;
  if (Array.isArray(value)) {
    if (value.length > PREVIEW_ITEMS) return false;
    for (const item of value) if (!fitsPreview(item, depth + 1)) return false;
    return true;
  }
  if (!isPlainObject(value)) return false;
  let count = 0;
  for (const key in value) {
    count += 1;
    if (count > PREVIEW_ITEMS || key === '__proto__' || !fitsPreview(value[key], depth + 1)) return false;
  }
  return true;
}

/**
 * A bounded, JSON-safe view of a value for traces and explanations: long
 * strings and containers are cut (the cut is said in a string), non-finite
 * numbers and anything that is not JSON become null. Values already within
 * bounds are shown as they are, uncopied: a trace entry per operation must
 * not copy a megabyte of data each time, nor a small object either.
 */
export function previewValue(value: unknown, depth = 0): JsonValue {
  if (value === null || value === undefined) return null;
  switch (typeof value) {
    case 'boolean':
      return value;
    case 'number':
      return Number.isFinite(value) ? value : null;
    case 'string':
      return value.length > PREVIEW_STRING ? `${value.slice(0, PREVIEW_STRING)}… (${value.length} chars)` : value;
    case 'object':
      break;
    default:
      return null;
  }
  if (fitsPreview(value, depth)) return value as JsonValue;
  if (Array.isArray(value)) {
    if (depth >= PREVIEW_DEPTH) return value.length === 0 ? [] : [`… ${value.length} items`];
    const items = value.slice(0, PREVIEW_ITEMS).map((item) => previewValue(item, depth + 1));
    if (value.length > PREVIEW_ITEMS) items.push(`… ${value.length - PREVIEW_ITEMS} more`);
    return items;
  }
  if (!isPlainObject(value)) return null;
  const keys = Object.keys(value);
  if (depth >= PREVIEW_DEPTH) return keys.length === 0 ? {} : { '…': `${keys.length} keys` };
  // fromEntries defines own properties, so a "__proto__" key stays a plain key.
  const entries: Array<[string, JsonValue]> = keys
    .slice(0, PREVIEW_ITEMS)
    .map((key) => [key, previewValue(value[key], depth + 1)]);
  if (keys.length > PREVIEW_ITEMS) entries.push(['…', `${keys.length - PREVIEW_ITEMS} more keys`]);
  return Object.fromEntries(entries);
}

/** Compact one-line rendering for explanations. */
export function formatValue(value: unknown, maxLength = 60): string {
  if (value === undefined || value === null || typeof value === 'number' || typeof value === 'boolean') return String(value);
  if (typeof value === 'string' && value.length < maxLength - 2) return JSON.stringify(value);
  const text = JSON.stringify(previewValue(value)) ?? 'null';
  return text.length > maxLength ? `${text.slice(0, maxLength - 1)}…` : text;
}
