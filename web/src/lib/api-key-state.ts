export type ApiKeyState = 'active' | 'revoked' | 'expired';

export interface ApiKeyDates {
  revokedAt?: string | null;
  expiresAt?: string | null;
}

/** Revocation wins over expiry: it is the deliberate act a reader looks for. */
export function getApiKeyState(key: ApiKeyDates, now: Date): ApiKeyState {
  if (key.revokedAt) return 'revoked';
  if (key.expiresAt && Date.parse(key.expiresAt) <= now.getTime()) return 'expired';
  return 'active';
}

/**
 * The `expiresAt` to send for a date picked in a form (`YYYY-MM-DD`): the end
 * of that day in the person's own time zone, so "expires on the 3rd" still
 * works on the 3rd.
 */
export function toExpiryInstant(date: string, timeZoneOffsetMinutes?: number): string | null {
  const match = /^(\d{4})-(\d{2})-(\d{2})$/.exec(date.trim());
  if (!match) return null;
  const [, year, month, day] = match.map(Number) as [number, number, number, number];
  const endOfDayUtc = Date.UTC(year, month - 1, day, 23, 59, 59, 999);
  const check = new Date(Date.UTC(year, month - 1, day));
  if (check.getUTCFullYear() !== year || check.getUTCMonth() !== month - 1 || check.getUTCDate() !== day) return null;
  const offset = timeZoneOffsetMinutes ?? new Date(endOfDayUtc).getTimezoneOffset();
  return new Date(endOfDayUtc + offset * 60_000).toISOString();
}
