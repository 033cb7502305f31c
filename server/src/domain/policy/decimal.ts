/**
 * Decimal arithmetic on the shortest decimal form of a double ("1.005" for
 * 1.005), which is what a person typed and expects rounding to act on.
 */

/** Digits after the decimal point of the shortest form; 0 for integers. */
export function decimalPlaces(value: number): number {
  const [mantissa = '', exponent] = Math.abs(value).toString().split('e');
  const fraction = mantissa.split('.')[1]?.length ?? 0;
  return Math.max(0, fraction - (exponent === undefined ? 0 : Number(exponent)));
}

/** Rounds half away from zero to `decimals` places: 1.005 → 1.01, -2.675 → -2.68. */
export function roundHalfAwayFromZero(value: number, decimals: number): number {
  if (value === 0) return 0;
  const [mantissa = '', exponentPart] = Math.abs(value).toString().split('e');
  const [whole = '', fraction = ''] = mantissa.split('.');
  let digits = whole + fraction;
  let point = whole.length + (exponentPart === undefined ? 0 : Number(exponentPart));
  if (point < 0) {
    digits = '0'.repeat(-point) + digits;
    point = 0;
  }
  const keep = point + decimals;
  if (keep >= digits.length) return value;
  const roundUp = digits.charCodeAt(keep) >= 53; // '5'
  const kept = BigInt(digits.slice(0, keep) || '0') + (roundUp ? 1n : 0n);
  const magnitude = Number(`${kept}e-${decimals}`);
  return magnitude === 0 ? 0 : value < 0 ? -magnitude : magnitude;
}

/**
 * Sum that is exact for decimal amounts: 0.1 + 0.2 gives 0.3. Values are
 * scaled to integers by their largest number of decimal places, added as
 * integers and scaled back; past 15 places or 2^53 it falls back to
 * compensated floating-point summation.
 */
export function exactSum(values: readonly number[]): number {
  let places = 0;
  for (const value of values) places = Math.max(places, decimalPlaces(value));
  if (places <= 15) {
    const scale = 10 ** places;
    let total = 0;
    let safe = true;
    for (const value of values) {
      total += Math.round(value * scale);
      if (!Number.isSafeInteger(total)) {
        safe = false;
        break;
      }
    }
    if (safe) return total / scale + 0;
  }
  // Neumaier summation
  let sum = 0;
  let compensation = 0;
  for (const value of values) {
    const t = sum + value;
    compensation += Math.abs(sum) >= Math.abs(value) ? sum - t + value : value - t + sum;
    sum = t;
  }
  return sum + compensation;
}
