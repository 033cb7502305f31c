export interface FormatDateOptions {
  locale?: string;
  timeZone?: string;
}

/** A timestamp from the API for people to read; an em dash when there is none. */
export function formatDateTime(iso: string | null | undefined, options: FormatDateOptions = {}): string {
  if (!iso) return '—';
  const time = Date.parse(iso);
  if (Number.isNaN(time)) return '—';
  return new Intl.DateTimeFormat(options.locale, {
    dateStyle: 'medium',
    timeStyle: 'short',
    ...(options.timeZone ? { timeZone: options.timeZone } : {}),
  }).format(time);
}
