import { ValidationError } from '../errors/index.js';
import { MAX_DATA_BYTES as DATA_BYTES_LIMIT, MAX_DATA_DEPTH as DATA_DEPTH_LIMIT } from './limits.js';

// Module-local copies: the walk reads them once per value, and a module loader
// may turn every read of an imported binding into a getter call.
const MAX_DATA_BYTES = DATA_BYTES_LIMIT;
const MAX_DATA_DEPTH = DATA_DEPTH_LIMIT;

export interface DataStats {
  /** Approximate size of the data as JSON, in bytes (an estimate: strings count UTF-16 units). */
  bytes: number;
  maxArrayLength: number;
  maxStringLength: number;
}

function refuse(rule: string, message: string): never {
  throw ValidationError.single('', rule, message);
}

function describeType(value: unknown): string {
  return typeof value === 'object' ? Object.prototype.toString.call(value).slice(8, -1) : typeof value;
}

/**
 * Adds a scalar's size; returns false for a container (to be walked).
 * Scalars are handled in the parent's loop, without a call of their own:
 * most values are scalars and this runs on every evaluation.
 */
function addScalar(value: unknown, stats: DataStats): boolean {
  switch (typeof value) {
    case 'string': {
      const length = value.length;
      stats.bytes += length + 2;
      if (length > stats.maxStringLength) stats.maxStringLength = length;
      return true;
    }
    case 'number':
      if (value - value !== 0) refuse('data-json', `the data holds ${value}, which is not a JSON number`);
      stats.bytes += 8;
      return true;
    case 'boolean':
      stats.bytes += 5;
      return true;
    case 'undefined':
      return true; // only reachable as an object member (array holes are refused): JSON leaves it out
    case 'object':
      if (value !== null) return false;
      stats.bytes += 4;
      return true;
    default:
      return refuse('data-json', `the data holds a ${typeof value}, which is not JSON`);
  }
}

/**
 * One walk over the data, adding up an estimate of its JSON size and stopping
 * as soon as it passes MAX_DATA_BYTES, so a 10 MB object costs no more than
 * a 1 MB one. It refuses what is not JSON (functions, class instances,
 * non-finite numbers), which would otherwise leak into results. Its
 * recursion is bounded by MAX_DATA_DEPTH.
 */
function visitContainer(value: object, depth: number, stats: DataStats): void {
  if (depth >= MAX_DATA_DEPTH) refuse('data-depth', `the data nests deeper than ${MAX_DATA_DEPTH} levels`);
  if (Array.isArray(value)) {
    const length = value.length;
    stats.bytes += 2 + length;
    if (length > stats.maxArrayLength) stats.maxArrayLength = length;
    for (let i = 0; i < length && stats.bytes <= MAX_DATA_BYTES; i += 1) {
      const item: unknown = value[i];
      if (item === undefined) refuse('data-json', 'the data holds an undefined array element');
      if (!addScalar(item, stats)) visitContainer(item as object, depth + 1, stats);
    }
  } else {
    // `constructor === Object` is the cheap common answer; a key named "constructor" or a
    // null prototype takes the exact check.
    if ((value as { constructor?: unknown }).constructor !== Object) {
      const proto: unknown = Object.getPrototypeOf(value);
      if (proto !== Object.prototype && proto !== null) refuse('data-json', `the data holds a ${describeType(value)}, which is not JSON`);
    }
    stats.bytes += 2;
    for (const key in value) {
      const member: unknown = (value as Record<string, unknown>)[key];
      stats.bytes += key.length + 4;
      if (typeof member === 'object' && member !== null) visitContainer(member, depth + 1, stats);
      else addScalar(member, stats);
      if (stats.bytes > MAX_DATA_BYTES) break;
    }
  }
  if (stats.bytes > MAX_DATA_BYTES) refuse('data-size', `the data is larger than ${MAX_DATA_BYTES} bytes`);
}

const shared: DataStats = { bytes: 0, maxArrayLength: 0, maxStringLength: 0 };

/**
 * Measures data before a rule reads it. The answer is one shared object,
 * overwritten by the next call (this runs on every evaluation, and the walk
 * is synchronous): read it at once, do not keep it.
 */
export function measureData(data: unknown): Readonly<DataStats> {
  const stats = shared;
  stats.bytes = 0;
  stats.maxArrayLength = 0;
  stats.maxStringLength = 0;
  if (!addScalar(data, stats)) visitContainer(data as object, 0, stats);
  if (stats.bytes > MAX_DATA_BYTES) refuse('data-size', `the data is larger than ${MAX_DATA_BYTES} bytes`);
  return stats;
}
