/**
 * Untrusted text (a supplier's invoice, a customer's email) reaches the model
 * as data between delimiters, never as instructions. The text must not be
 * able to end the block early, so every look-alike of the delimiter inside it
 * is rewritten before wrapping: an injected `</document>` (in any case, with
 * spaces, full-width brackets or zero-width characters between the letters)
 * becomes `[/document]`, which no reader mistakes for the real boundary.
 */
export const DEFAULT_UNTRUSTED_TAG = 'document';

const TAG_NAME = /^[a-z][a-z0-9_-]{0,31}$/;

// Characters that hide text from a human reviewer or flip its direction; they
// carry no meaning in a business document and are a classic injection trick.
const INVISIBLE = /[\u00AD\u180E\u200B-\u200F\u202A-\u202E\u2060-\u2064\u2066-\u2069\uFEFF]/g;

const OPEN_BRACKETS = '<\uFF1C\uFE64\u2039\u2329\u3008\u27E8\u276E';
const CLOSE_BRACKETS = '>\uFF1E\uFE65\u203A\u232A\u3009\u27E9\u276F';
const SLASHES = '/\uFF0F\u2044\u2215\u29F8\\\\';

function escapeForClass(chars: string): string {
  return chars.replace(/[\]^-]/g, '\\$&');
}

const lookAlikeCache = new Map<string, RegExp>();

/** Matches anything a reader could take for `<tag>` or `</tag>` (optional closing bracket). */
export function buildDelimiterPattern(tag: string): RegExp {
  let pattern = lookAlikeCache.get(tag);
  if (!pattern) {
    const letters = [...tag].map((char) => char.replace(/[-]/g, '\\-')).join('\\s*');
    pattern = new RegExp(
      `[${escapeForClass(OPEN_BRACKETS)}]\\s*([${escapeForClass(SLASHES)}]?)\\s*${letters}\\b(?:\\s*[${escapeForClass(CLOSE_BRACKETS)}])?`,
      'giu',
    );
    lookAlikeCache.set(tag, pattern);
  }
  pattern.lastIndex = 0;
  return pattern;
}

/** Makes a value safe to place between `<tag>` markers. */
export function neutralizeUntrustedText(text: string, tag = DEFAULT_UNTRUSTED_TAG): string {
  const visible = text.replace(INVISIBLE, '');
  return visible.replace(buildDelimiterPattern(tag), (_match, slash: string) => `[${slash ? '/' : ''}${tag}]`);
}

function stringifyUntrusted(value: unknown): string {
  if (value === null || value === undefined) return '';
  if (typeof value === 'string') return value;
  if (typeof value === 'number' || typeof value === 'boolean') return String(value);
  // Keys sorted: stored variables come back from jsonb in its own key order, and the
  // rendered text (hence the response cache and recordings) must not depend on it.
  return JSON.stringify(sortKeys(value), null, 2);
}

/** A copy with object keys in sorted order, so rendered JSON does not depend on storage. */
export function sortKeys(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(sortKeys);
  if (typeof value !== 'object' || value === null) return value;
  return Object.fromEntries(Object.keys(value).sort().map((key) => [key, sortKeys((value as Record<string, unknown>)[key])]));
}

/**
 * Wraps a value as a delimited data block: `<document>\n…\n</document>`.
 * Objects are written as JSON. The tag name is restricted so a template
 * author cannot produce a delimiter the neutralizer does not know about.
 */
export function wrapUntrustedText(value: unknown, tag: unknown = DEFAULT_UNTRUSTED_TAG): string {
  const name = typeof tag === 'string' ? tag : DEFAULT_UNTRUSTED_TAG;
  if (!TAG_NAME.test(name)) {
    throw new RangeError(`untrusted: tag "${name}" must match ${TAG_NAME.source}`);
  }
  return `<${name}>\n${neutralizeUntrustedText(stringifyUntrusted(value), name)}\n</${name}>`;
}
