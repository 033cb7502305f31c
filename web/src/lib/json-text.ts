export type JsonParseResult = { ok: true; value: unknown } | { ok: false; message: string };

/**
 * Reads JSON typed by a person. The message says where the text stops being
 * JSON in words a non-developer can act on, rather than the engine's wording.
 */
export function parseJsonText(text: string): JsonParseResult {
  if (text.trim() === '') return { ok: false, message: 'Enter a JSON value, for example {}.' };
  try {
    return { ok: true, value: JSON.parse(text) as unknown };
  } catch (error) {
    const detail = error instanceof Error ? error.message : String(error);
    const position = /position (\d+)/.exec(detail);
    if (position?.[1] === undefined) return { ok: false, message: `This is not valid JSON (${detail}).` };
    const { line, column } = locate(text, Number(position[1]));
    return { ok: false, message: `This is not valid JSON: check line ${line}, column ${column}.` };
  }
}

function locate(text: string, offset: number): { line: number; column: number } {
  const before = text.slice(0, offset).split('\n');
  return { line: before.length, column: (before.at(-1)?.length ?? 0) + 1 };
}

/** Indented JSON for reading; `undefined` (nothing recorded) becomes an empty string. */
export function formatJson(value: unknown): string {
  if (value === undefined) return '';
  return JSON.stringify(value, null, 2) ?? '';
}

/** One-line JSON with a space after each comma and colon: `{">": [15450, 100]}`. */
export function formatCompactJson(value: unknown): string {
  if (value === undefined) return 'undefined';
  if (Array.isArray(value)) return `[${value.map((item) => formatCompactJson(item)).join(', ')}]`;
  if (typeof value === 'object' && value !== null) {
    const entries = Object.entries(value).map(([key, item]) => `${JSON.stringify(key)}: ${formatCompactJson(item)}`);
    return `{${entries.join(', ')}}`;
  }
  return JSON.stringify(value) ?? String(value);
}

export function isJsonRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
