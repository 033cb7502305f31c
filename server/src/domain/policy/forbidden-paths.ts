/**
 * Path segments a rule may never read: through them a data path reaches
 * Object.prototype and its functions instead of the document.
 */
const FORBIDDEN = new Set(['__proto__', 'constructor', 'prototype']);

export function isForbiddenPathSegment(segment: string): boolean {
  return FORBIDDEN.has(segment);
}

/** The first forbidden segment of a dotted `var` path, if any. */
export function findForbiddenSegment(path: unknown): string | undefined {
  if (typeof path === 'number' || path === null || path === undefined) return undefined;
  return String(path).split('.').find(isForbiddenPathSegment);
}
