import { readdir, readFile } from 'node:fs/promises';
import path from 'node:path';
import type { ReferenceDataPort, ResolvedDataset } from '../../domain/engine/index.js';

/**
 * Read-only reference data (purchase orders, vendors, budgets) that lookup
 * steps match against, loaded once from `seeds/reference/*.json`: each file
 * is an array of records, or `{ recordSchema, records }`.
 */
export class ReferenceData implements ReferenceDataPort {
  private constructor(private readonly datasets: Map<string, { records: unknown[]; recordSchema?: Record<string, unknown> }>) {}

  /**
   * A dataset's record schema is `schemas/documents/<singular>.schema.json`
   * when one exists (purchase-orders → purchase-order), so lookups are
   * checked at design time against the documented record shape.
   */
  static async load(dir = path.resolve('seeds/reference'), schemaDir = path.resolve('schemas/documents')): Promise<ReferenceData> {
    const datasets = new Map<string, { records: unknown[]; recordSchema?: Record<string, unknown> }>();
    let names: string[] = [];
    try {
      names = (await readdir(dir)).filter((name) => name.endsWith('.json'));
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'ENOENT') throw error;
    }
    for (const name of names) {
      const json = JSON.parse(await readFile(path.join(dir, name), 'utf8')) as unknown;
      const entry: { records?: unknown[]; recordSchema?: Record<string, unknown> } = Array.isArray(json)
        ? { records: json as unknown[] }
        : (json as { records?: unknown[]; recordSchema?: Record<string, unknown> });
      const dataset = path.basename(name, '.json');
      const recordSchema = entry.recordSchema ?? (await readSchema(path.join(schemaDir, `${dataset.replace(/s$/, '')}.schema.json`)));
      datasets.set(dataset, { records: entry.records ?? [], ...(recordSchema ? { recordSchema } : {}) });
    }
    return new ReferenceData(datasets);
  }

  list(dataset: string): readonly unknown[] {
    const found = this.datasets.get(dataset);
    if (!found) throw new Error(`no reference dataset named ${dataset}`);
    return found.records;
  }

  describe(name: string): ResolvedDataset | undefined {
    const found = this.datasets.get(name);
    if (!found) return undefined;
    return { name, ...(found.recordSchema ? { recordSchema: found.recordSchema } : {}) };
  }
}

async function readSchema(file: string): Promise<Record<string, unknown> | undefined> {
  try {
    return JSON.parse(await readFile(file, 'utf8')) as Record<string, unknown>;
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
    throw error;
  }
}
