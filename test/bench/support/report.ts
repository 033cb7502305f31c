import { mkdirSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';

export type BenchRow = Record<string, string | number | boolean | null>;

/**
 * Prints a benchmark's rows as a table and writes them with the machine's
 * shape to bench-results/<name>.json, so runs on noisy machines can be
 * compared by the ratios between peers measured in the same run.
 */
export function reportBench(name: string, rows: BenchRow[], notes: Record<string, unknown> = {}): string {
  console.log(`\n== ${name} ==`);
  console.table(rows);
  const dir = path.resolve(process.env.BENCH_OUT_DIR ?? 'bench-results');
  mkdirSync(dir, { recursive: true });
  const file = path.join(dir, `${name}.json`);
  const machine = { node: process.version, cpus: os.cpus().length, model: os.cpus()[0]?.model ?? 'unknown' };
  writeFileSync(file, JSON.stringify({ name, at: new Date().toISOString(), machine, rows, notes }, null, 2));
  return file;
}

/** Percentile of a sample (nearest-rank); p in [0, 100]. */
export function percentile(sample: number[], p: number): number {
  if (sample.length === 0) return Number.NaN;
  const sorted = [...sample].sort((a, b) => a - b);
  const rank = Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1));
  return sorted[rank] as number;
}
