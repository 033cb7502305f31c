/** JSON pointers (RFC 6901) into the run context, as review fields and edits name them. */

export function parsePointer(pointer: string): string[] {
  if (pointer === '') return [];
  if (!pointer.startsWith('/')) throw new Error(`"${pointer}" is not a JSON pointer`);
  return pointer
    .slice(1)
    .split('/')
    .map((segment) => segment.replace(/~1/g, '/').replace(/~0/g, '~'));
}

/** The var path json-logic would use for the same field; segments holding dots cannot be expressed and keep them. */
export function pointerToVarPath(pointer: string): string {
  return parsePointer(pointer).join('.');
}

export function readPointer(root: unknown, pointer: string): unknown {
  let current: unknown = root;
  for (const segment of parsePointer(pointer)) {
    if (current === null || typeof current !== 'object') return undefined;
    current = (current as Record<string, unknown>)[segment];
  }
  return current;
}

/**
 * Returns a copy of root with the value at pointer replaced, copying only the
 * containers on the way so earlier snapshots of the context stay intact. The
 * parent must exist: an edit names a field the reviewer saw.
 */
export function writePointer<T>(root: T, pointer: string, value: unknown): T {
  const segments = parsePointer(pointer);
  if (segments.length === 0) return value as T;
  return writeAt(root, segments, 0, value, pointer) as T;
}

function writeAt(node: unknown, segments: string[], index: number, value: unknown, pointer: string): unknown {
  const segment = segments[index] as string;
  const last = index === segments.length - 1;
  if (Array.isArray(node)) {
    const position = Number(segment);
    if (!Number.isInteger(position) || position < 0 || position >= node.length) throw new Error(`${pointer} is not an item of the list`);
    const copy = [...node];
    copy[position] = last ? value : writeAt(node[position], segments, index + 1, value, pointer);
    return copy;
  }
  if (node === null || typeof node !== 'object') throw new Error(`${pointer} does not lead to a field`);
  const record = node as Record<string, unknown>;
  return { ...record, [segment]: last ? value : writeAt(record[segment], segments, index + 1, value, pointer) };
}

/** True when pointer is `base` itself or lies below it. */
export function isWithinPointer(pointer: string, base: string): boolean {
  return pointer === base || pointer.startsWith(`${base}/`);
}
