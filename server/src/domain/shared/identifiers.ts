import { ValidationError } from '../errors/index.js';

/** Keys of policies, prompts and templates: they appear in files, URLs and references. */
const KEY = /^[a-z0-9][a-z0-9-]{1,62}$/;

export function assertCatalogKey(key: string): void {
  if (!KEY.test(key)) throw ValidationError.single('/key', 'pattern', 'must be 2–63 lowercase letters, digits or dashes');
}

/** Ids are UUIDs; anything else cannot exist, so it is answered without a query. */
export function isUuid(value: string): boolean {
  return /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i.test(value);
}
