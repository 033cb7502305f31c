import { ValidationError } from '../errors/index.js';
import { isPlainObject } from './json-value.js';
import { MAX_DATA_BYTES, MAX_DATA_DEPTH } from './limits.js';

export interface DataStats {
  /** Approximate size of the data as JSON, in bytes (an estimate: strings count UTF-16 units). */
  bytes: number;
  maxArrayLength: number;
  maxStringLength: number;
}

/**
 * Measures data before a rule reads it: an iterative walk that adds up an
 * estimate of the JSON size and stops as soon as it passes MAX_DATA_BYTES,
 * so a 10 MB object costs no more than a 1 MB one. It also refuses what is
 * not JSON (functions, class instances, non-finite numbers), which would
 * otherwise leak into results.
 */
export function measureData(data: unknown): DataStats {
  const stats: DataStats = { bytes: 0, maxArrayLength: 0, maxStringLength: 0 };
  const values: unknown[] = [data];
  const depths: number[] = [0];
  while (values.length > 0) {
    const value = values.pop();
    const depth = depths.pop() as number;
    switch (typeof value) {
      case 'string':
        stats.bytes += value.length + 2;
        if (value.length > stats.maxStringLength) stats.maxStringLength = value.length;
        break;
      case 'number':
        if (!Number.isFinite(value)) throw ValidationError.single('', 'data-json', `the data holds ${value}, which is not a JSON number`);
        stats.bytes += 8;
        break;
      case 'boolean':
        stats.bytes += 5;
        break;
      case 'undefined':
        // only reachable as an object member (arrays are checked below): JSON leaves it out
        break;
      case 'object':
        if (value === null) {
          stats.bytes += 4;
          break;
        }
        if (depth >= MAX_DATA_DEPTH) {
          throw ValidationError.single('', 'data-depth', `the data nests deeper than ${MAX_DATA_DEPTH} levels`);
        }
        if (Array.isArray(value)) {
          stats.bytes += 2 + value.length;
          if (value.length > stats.maxArrayLength) stats.maxArrayLength = value.length;
          if (stats.bytes > MAX_DATA_BYTES) break; // refused below, before pushing a million elements
          for (let i = 0; i < value.length; i += 1) {
            if (value[i] === undefined) throw ValidationError.single('', 'data-json', 'the data holds an undefined array element');
            values.push(value[i]);
            depths.push(depth + 1);
          }
        } else if (isPlainObject(value)) {
          stats.bytes += 2;
          for (const key of Object.keys(value)) {
            stats.bytes += key.length + 4;
            values.push(value[key]);
            depths.push(depth + 1);
          }
        } else {
          throw ValidationError.single('', 'data-json', `the data holds a ${Object.prototype.toString.call(value).slice(8, -1)}, which is not JSON`);
        }
        break;
      default:
        throw ValidationError.single('', 'data-json', `the data holds a ${typeof value}, which is not JSON`);
    }
    if (stats.bytes > MAX_DATA_BYTES) {
      throw ValidationError.single('', 'data-size', `the data is larger than ${MAX_DATA_BYTES} bytes`);
    }
  }
  return stats;
}
