import { escapePointer } from '../shared/json-schema.js';

export type PointerLookup = { found: true; value: unknown } | { found: false };

function unescapeSegment(segment: string): string {
  return segment.replace(/~1/g, '/').replace(/~0/g, '~');
}

/** Reads the value a JSON pointer (RFC 6901) designates; '' is the whole document. */
export function readPointer(document: unknown, pointer: string): PointerLookup {
  if (pointer === '') return { found: true, value: document };
  if (!pointer.startsWith('/')) return { found: false };
  let current: unknown = document;
  for (const raw of pointer.slice(1).split('/')) {
    const segment = unescapeSegment(raw);
    if (Array.isArray(current)) {
      if (!/^(0|[1-9]\d*)$/.test(segment)) return { found: false };
      const index = Number(segment);
      if (index >= current.length) return { found: false };
      current = current[index];
    } else if (typeof current === 'object' && current !== null && Object.hasOwn(current, segment)) {
      current = (current as Record<string, unknown>)[segment];
    } else {
      return { found: false };
    }
  }
  return { found: true, value: current };
}

export function toPointer(segments: ReadonlyArray<string | number>): string {
  return segments.map((segment) => `/${escapePointer(String(segment))}`).join('');
}
