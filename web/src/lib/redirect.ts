/**
 * Where to go after signing in. Only a path inside this app is accepted, so a
 * crafted link cannot send a person who just signed in to another site.
 */
export function resolveRedirect(raw: unknown, fallback = '/'): string {
  const value = Array.isArray(raw) ? raw[0] : raw;
  if (typeof value !== 'string' || !value.startsWith('/')) return fallback;
  if (value.startsWith('//') || value.startsWith('/\\') || hasControlCharacter(value)) return fallback;
  if (value === '/sign-in' || value.startsWith('/sign-in?') || value.startsWith('/sign-in#')) return fallback;
  return value;
}

function hasControlCharacter(value: string): boolean {
  for (let index = 0; index < value.length; index += 1) {
    const code = value.charCodeAt(index);
    if (code < 0x20 || code === 0x7f) return true;
  }
  return false;
}
