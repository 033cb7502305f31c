import { readdirSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { ajv } from '../../../server/src/domain/shared/json-schema.js';
import { planExecution, templateFileSchema, validateTemplate } from '../../../server/src/domain/template/index.js';
import { SEEDED_TEMPLATES, allowedBaseUrls, createFixtureCatalog, catalogFile, loadSeededTemplate, readRepoJson } from '../../fixtures/templates/fixture-catalog.js';

const DOCUMENTS = ['invoice', 'purchase-order', 'vendor', 'contract', 'claim', 'customer-email', 'expense'] as const;
// Compiled once: the schemas carry $id, and ajv refuses a second schema with the same id.
const documentValidators = new Map(DOCUMENTS.map((name) => [name, ajv.compile(readRepoJson<object>(`schemas/documents/${name}.schema.json`))]));
const validateTemplateFile = ajv.compile(templateFileSchema);

describe('seeded templates', () => {
  it('covers every file in seeds/templates', () => {
    const files = readdirSync(new URL('../../../seeds/templates/', import.meta.url)).map((file) => file.replace(/\.json$/, ''));
    expect(files.sort()).toEqual([...SEEDED_TEMPLATES].sort());
  });

  it('keeps schemas/template-file.schema.json equal to the schema the code uses', () => {
    expect(readRepoJson('schemas/template-file.schema.json')).toEqual(templateFileSchema);
  });

  it.each(SEEDED_TEMPLATES)('%s matches the template file schema', (key) => {
    const valid = validateTemplateFile(readRepoJson(`seeds/templates/${key}.json`));
    expect(validateTemplateFile.errors ?? []).toEqual([]);
    expect(valid).toBe(true);
  });

  it.each(SEEDED_TEMPLATES)('%s validates without problems against the fixture catalog', async (key) => {
    const problems = await validateTemplate(loadSeededTemplate(key), createFixtureCatalog(), { allowedBaseUrls });
    expect(problems).toEqual([]);
  });

  it('plans bench-six-step as two jobs: the first policy, then the prompt with every inline step after it', () => {
    const plan = planExecution(loadSeededTemplate('bench-six-step'));
    expect(plan.order).toEqual(['screen', 'extract', 'match_po', 'decide', 'shape', 'route']);
    expect(plan.jobs).toEqual([['screen'], ['extract', 'match_po', 'decide', 'shape', 'route']]);
  });
});

describe('document schemas and reference data', () => {
  it.each(DOCUMENTS)('%s schema compiles and marks personal data', (name) => {
    const text = JSON.stringify(readRepoJson(`schemas/documents/${name}.schema.json`));
    expect(documentValidators.get(name)).toBeTypeOf('function');
    expect(text).toContain('"x-pii":true');
  });

  it.each([
    ['purchase-orders', 'purchase-order', 20],
    ['vendors', 'vendor', 10],
  ] as const)('seeds/reference/%s.json holds %s records that fit their schema', (file, schema, count) => {
    const records = readRepoJson<unknown[]>(`seeds/reference/${file}.json`);
    const validate = documentValidators.get(schema);
    expect(records).toHaveLength(count);
    for (const record of records) expect(validate?.(record), JSON.stringify(validate?.errors)).toBe(true);
  });

  it('budgets fit the budget record schema and every purchase order department has one', () => {
    const budgets = readRepoJson<Array<{ department: string }>>('seeds/reference/budgets.json');
    const validate = ajv.compile(catalogFile.datasets.budgets?.recordSchema as object);
    for (const budget of budgets) expect(validate(budget), JSON.stringify(validate.errors)).toBe(true);
    const departments = new Set(budgets.map((budget) => budget.department));
    for (const order of readRepoJson<Array<{ department: string }>>('seeds/reference/purchase-orders.json')) {
      expect(departments.has(order.department)).toBe(true);
    }
  });

  it('every purchase order names a vendor from the vendor master', () => {
    const vendors = new Set(readRepoJson<Array<{ vendor_id: string }>>('seeds/reference/vendors.json').map((vendor) => vendor.vendor_id));
    for (const order of readRepoJson<Array<{ vendor_id: string }>>('seeds/reference/purchase-orders.json')) expect(vendors.has(order.vendor_id)).toBe(true);
  });
});
