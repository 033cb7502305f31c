import { canonicalJson } from '../../shared/canonical-json.js';
import { readVarPath } from './evaluate-mapping.js';

/**
 * Fills `{{path}}` placeholders from a list of scopes, first hit wins. Kept to
 * plain substitution on purpose: summaries must read the same every time.
 */
export function renderText(template: string, scopes: readonly unknown[]): string {
  return template.replace(/\{\{\s*([A-Za-z0-9_.-]+)\s*\}\}/g, (_whole, path: string) => {
    for (const scope of scopes) {
      const value = readVarPath(scope, path);
      if (value !== undefined) return formatValue(value);
    }
    return formatValue(undefined);
  });
}

/** Numbers to at most two decimals, booleans as yes/no, missing as n/a. */
export function formatValue(value: unknown): string {
  if (value === undefined || value === null) return 'n/a';
  if (typeof value === 'number') return String(Math.round(value * 100) / 100);
  if (typeof value === 'string') return value;
  if (typeof value === 'boolean') return value ? 'yes' : 'no';
  return canonicalJson(value);
}
