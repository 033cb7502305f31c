import { OperatorError } from './operator-error.js';

const DAY_MS = 86_400_000;
const DATE = /^(\d{4})-(\d{2})-(\d{2})$/;
const DATE_TIME = /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2})(?::(\d{2})(?:\.(\d{1,9}))?)?(Z|[+-]\d{2}:\d{2})$/;

/** A parsed ISO date or date-time. Date-times need an offset: a local time names no instant. */
export interface IsoMoment {
  /** Milliseconds since the epoch (midnight UTC for a plain date). */
  ms: number;
  hasTime: boolean;
}

function validDate(year: number, month: number, day: number): number | undefined {
  const ms = Date.UTC(year, month - 1, day);
  const date = new Date(ms);
  if (year < 1 || date.getUTCFullYear() !== year || date.getUTCMonth() !== month - 1 || date.getUTCDate() !== day) return undefined;
  return ms;
}

export function parseIsoMoment(value: unknown, operator: string, position: number): IsoMoment {
  const problem = (): never => {
    throw new OperatorError(
      'invalid-date',
      `${operator}: argument ${position} must be an ISO date (YYYY-MM-DD) or date-time with an offset, got ${JSON.stringify(value) ?? String(value)}`,
    );
  };
  if (typeof value !== 'string') return problem();
  const date = DATE.exec(value);
  if (date) {
    const ms = validDate(Number(date[1]), Number(date[2]), Number(date[3]));
    return ms === undefined ? problem() : { ms, hasTime: false };
  }
  const dateTime = DATE_TIME.exec(value);
  if (!dateTime) return problem();
  const [, y, mo, d, h, mi, s = '0', fraction = '', offset = 'Z'] = dateTime;
  const dayMs = validDate(Number(y), Number(mo), Number(d));
  if (dayMs === undefined || Number(h) > 23 || Number(mi) > 59 || Number(s) > 59) return problem();
  const offsetMinutes = offset === 'Z' ? 0 : (offset.startsWith('-') ? -1 : 1) * (Number(offset.slice(1, 3)) * 60 + Number(offset.slice(4, 6)));
  const millis = Number(fraction.padEnd(3, '0').slice(0, 3));
  const ms = dayMs + ((Number(h) * 60 + Number(mi)) * 60 + Number(s)) * 1000 + millis - offsetMinutes * 60_000;
  return { ms, hasTime: true };
}

/** Days since the epoch of the moment's UTC calendar date. */
export function utcDayNumber(moment: IsoMoment): number {
  return Math.floor(moment.ms / DAY_MS);
}

export function addDaysTo(moment: IsoMoment, days: number, operator: string): string {
  const ms = moment.ms + days * DAY_MS;
  const year = new Date(ms).getUTCFullYear();
  if (!Number.isFinite(ms) || year < 1 || year > 9999) {
    throw new OperatorError('invalid-date', `${operator}: the result falls outside the years 0001-9999`);
  }
  const iso = new Date(ms).toISOString();
  return moment.hasTime ? iso : iso.slice(0, 10);
}
