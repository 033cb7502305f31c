export interface FormatNumberOptions {
  locale?: string;
}

/** A step or run duration: `27 ms`, `1.4 s`, `2 min 5 s`; an em dash when not measured. */
export function formatDuration(ms: number | null | undefined): string {
  if (ms === null || ms === undefined || !Number.isFinite(ms) || ms < 0) return '—';
  if (ms < 1000) return `${Math.round(ms)} ms`;
  if (ms < 60_000) return `${(ms / 1000).toFixed(ms < 10_000 ? 1 : 0)} s`;
  const minutes = Math.floor(ms / 60_000);
  const seconds = Math.round((ms % 60_000) / 1000);
  return seconds === 0 ? `${minutes} min` : `${minutes} min ${seconds} s`;
}

/** Model cost in US dollars; small amounts keep enough digits to be told apart. */
export function formatCost(usd: number, options: FormatNumberOptions = {}): string {
  const digits = usd > 0 && usd < 0.01 ? 4 : 2;
  return new Intl.NumberFormat(options.locale ?? 'en-US', {
    style: 'currency', currency: 'USD', minimumFractionDigits: digits, maximumFractionDigits: digits,
  }).format(usd);
}

export function formatCount(value: number, singular: string, plural = `${singular}s`, options: FormatNumberOptions = {}): string {
  return `${new Intl.NumberFormat(options.locale ?? 'en-US').format(value)} ${value === 1 ? singular : plural}`;
}

/** The time between two API timestamps, or null while the second is missing. */
export function measureElapsed(fromIso: string | null | undefined, toIso: string | null | undefined): number | null {
  if (!fromIso || !toIso) return null;
  const elapsed = Date.parse(toIso) - Date.parse(fromIso);
  return Number.isFinite(elapsed) && elapsed >= 0 ? elapsed : null;
}
