import { readdirSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import {
  JSON_LOGIC_OPERATIONS,
  resolveRunReferences,
  runInMemory,
  type HttpResponse,
  type ReviewAnswer,
  type ReviewRequest,
  type RunCommand,
  type RunReferences,
} from '../../../server/src/domain/engine/index.js';
import { CUSTOM_OPERATORS } from '../../../server/src/domain/policy/index.js';
import { listTemplateVariables, promptVersionHash } from '../../../server/src/domain/prompt/index.js';
import { validateTemplate, type CatalogRef, type JsonSchema, type TemplateSpec } from '../../../server/src/domain/template/index.js';
import {
  SEEDED_ALLOWED_BASE_URLS,
  createFileEnginePorts,
  loadFileCatalog,
  loadSeededTemplate,
  loadSeededTemplates,
  readRepoFile,
  type FileEnginePortOptions,
} from '../../support/file-catalog.js';

interface SampleFile {
  name: string;
  template: string;
  input: Record<string, unknown>;
}

const catalog = await loadFileCatalog();
const templates = await loadSeededTemplates();
const invoiceApproval = (await loadSeededTemplate('invoice-approval')).spec;
const invoiceReferences = await resolveRunReferences(invoiceApproval, catalog);
const SAMPLE_INVOICES = readdirSync(new URL('../../../seeds/samples/invoices/', import.meta.url))
  .filter((file) => file.endsWith('.json'))
  .map((file) => file.replace(/\.json$/, ''))
  .sort();

async function readSample(path: string): Promise<SampleFile> {
  return readRepoFile<SampleFile>(path);
}

async function runTemplate(
  spec: TemplateSpec,
  input: unknown,
  options: { references?: RunReferences; decideReview?: (stepId: string, request: ReviewRequest) => ReviewAnswer | undefined; ports?: FileEnginePortOptions } = {},
) {
  const ports = createFileEnginePorts(catalog, options.ports);
  const references = options.references ?? (await resolveRunReferences(spec, catalog));
  const run = await runInMemory({
    template: spec,
    input,
    ports,
    references,
    allowedBaseUrls: SEEDED_ALLOWED_BASE_URLS,
    ...(options.decideReview ? { decideReview: options.decideReview } : {}),
  });
  return { ...run, ports };
}

function openedReviews(commands: RunCommand[]): Array<Extract<RunCommand, { type: 'openReview' }>> {
  return commands.filter((command): command is Extract<RunCommand, { type: 'openReview' }> => command.type === 'openReview');
}

const OPERATIONS = new Set([...JSON_LOGIC_OPERATIONS, ...CUSTOM_OPERATORS.map((operator) => operator.name)]);

/** A mapping object built member by member, as opposed to a JSON-logic expression. */
function isBuiltObject(mapping: unknown): mapping is Record<string, unknown> {
  if (typeof mapping !== 'object' || mapping === null || Array.isArray(mapping)) return false;
  const keys = Object.keys(mapping);
  return !(keys.length === 1 && OPERATIONS.has(keys[0] as string));
}

/**
 * Where a policy step's data mapping leaves the policy's input shape, at
 * any depth: validateTemplate compares only the top-level fields' types,
 * so a nested `invoice.amount` mapped as `invoice.total` would pass it.
 */
function findShapeMismatches(mapping: unknown, schema: JsonSchema, pointer: string): string[] {
  const properties = schema.properties as Record<string, JsonSchema> | undefined;
  if (!isBuiltObject(mapping) || !properties) return [];
  const required = Array.isArray(schema.required) ? (schema.required as string[]) : [];
  const mismatches = required.filter((name) => !(name in mapping)).map((name) => `${pointer}/${name} is required but not mapped`);
  for (const [name, value] of Object.entries(mapping)) {
    const expected = properties[name];
    if (expected) mismatches.push(...findShapeMismatches(value, expected, `${pointer}/${name}`));
    else if (schema.additionalProperties === false) mismatches.push(`${pointer}/${name} is not in the policy's input schema`);
  }
  return mismatches;
}

describe('file catalog', () => {
  it.each<[string, CatalogRef, number | undefined]>([
    ['the production label, which policies answer with their newest published version', { key: 'invoice-po-match', label: 'production' }, 1],
    ['the exact version', { key: 'invoice-po-match', version: 1 }, 1],
    ['neither version nor label (latest published)', { key: 'invoice-po-match' }, 1],
    ['a version that does not exist', { key: 'invoice-po-match', version: 2 }, undefined],
    ['a label policies do not have', { key: 'invoice-po-match', label: 'staging' }, undefined],
    ['a policy that does not exist', { key: 'invoice-po-matcher', label: 'production' }, undefined],
  ])('resolves a policy ref by %s', async (_name, ref, version) => {
    const resolved = await catalog.resolvePolicy(ref);
    expect(resolved?.version).toBe(version);
    if (version !== undefined) expect(resolved).toMatchObject({ status: 'published', key: ref.key, inputSchema: { required: ['invoice', 'purchase_order', 'vendor'] } });
  });

  it('resolves every prompt folder as published version 1 with its variables, schemas and version hash', async () => {
    for (const [key, { definition }] of catalog.prompts) {
      expect(await catalog.resolvePrompt({ key, label: 'production' })).toMatchObject({
        key,
        version: 1,
        status: 'published',
        variables: listTemplateVariables(definition.spec),
        versionHash: promptVersionHash(definition.spec),
        outputSchema: definition.spec.outputSchema,
      });
    }
    expect(await catalog.resolvePrompt({ key: 'invoice-extract', version: 2 })).toBeUndefined();
  });

  it.each([
    ['purchase-orders', 'po_number'],
    ['vendors', 'vendor_id'],
  ])('describes %s with its document schema', async (name, field) => {
    const dataset = await catalog.resolveDataset?.(name);
    expect(dataset?.recordSchema?.required).toContain(field);
  });

  it('knows budgets without a record schema and nothing about other datasets', async () => {
    expect(await catalog.resolveDataset?.('budgets')).toEqual({ name: 'budgets' });
    expect(await catalog.resolveDataset?.('cost-centers')).toBeUndefined();
  });
});

describe('seeded templates against the real catalog', () => {
  it('covers every seeded template', () => {
    expect(templates.map((template) => template.key)).toEqual(['bench-six-step', 'contract-review', 'email-triage', 'invoice-approval']);
  });

  it.each(templates.map((template) => [template.key, template.spec] as const))('%s validates with zero problems', async (_key, spec) => {
    const { policy } = createFileEnginePorts(catalog);
    expect(await validateTemplate(spec, catalog, { allowedBaseUrls: SEEDED_ALLOWED_BASE_URLS, policyVars: policy })).toEqual([]);
  });

  it.each(templates.map((template) => [template.key, template.spec] as const))('%s maps policy data into the real input shapes, nested fields included', async (_key, spec) => {
    const mismatches: string[] = [];
    for (const [index, step] of spec.steps.entries()) {
      if (step.kind !== 'policy') continue;
      const policy = await catalog.resolvePolicy(step.config.policy);
      if (policy?.inputSchema) mismatches.push(...findShapeMismatches(step.config.data, policy.inputSchema, `/steps/${index}/config/data`));
    }
    expect(mismatches).toEqual([]);
  });
});

describe('invoice-approval on the sample invoices, offline', () => {
  it('has a recorded extraction for every sample invoice', async () => {
    expect(SAMPLE_INVOICES).toEqual(['coho-security-services', 'litware-software', 'northwind-office-supply']);
    const { prompt } = createFileEnginePorts(catalog);
    const extract = invoiceReferences.prompts['invoice-extract#production'];
    if (!extract) throw new Error('invoice-extract is not resolved');
    for (const sample of SAMPLE_INVOICES) {
      const { template, input } = await readSample(`seeds/samples/invoices/${sample}.json`);
      expect(template).toBe('invoice-approval');
      const result = await prompt.run(extract, input, AbortSignal.timeout(5_000));
      expect(result, sample).toMatchObject({ kind: 'ok', costUsd: 0, versionHash: extract.versionHash });
    }
  });

  it.each([
    [
      'northwind-office-supply',
      'Approved: invoice INV-2025-0142 matches PO-7890 within 0.3%, vendor in good standing, budget available, approval route auto',
      {
        payee: 'Northwind Office Supply GmbH',
        vendor_id: 'V-1001',
        iban: 'DE89370400440532013000',
        bic: 'COBADEFFXXX',
        amount: 1867.6,
        currency: 'EUR',
        reference: 'Invoice INV-2025-0142',
        po_number: 'PO-7890',
        due_date: '2025-03-13',
        approval_route: 'auto',
      },
    ],
    [
      'litware-software',
      'Approved: invoice LW-INV-250131 matches PO-7895 within 0%, vendor in good standing, budget available, approval route finance_manager',
      {
        payee: 'Litware Software AB',
        vendor_id: 'V-1006',
        iban: 'SE4550000000058398257466',
        bic: 'ESSESESS',
        amount: 10500,
        currency: 'EUR',
        reference: 'Invoice LW-INV-250131',
        po_number: 'PO-7895',
        due_date: '2025-03-02',
        approval_route: 'finance_manager',
      },
    ],
  ])('approves %s, which matches its purchase order, without a review', async (sample, summary, payment) => {
    const { input } = await readSample(`seeds/samples/invoices/${sample}.json`);
    const { state, commands, jobs, ports } = await runTemplate(invoiceApproval, input, { references: invoiceReferences });
    expect(state).toMatchObject({ status: 'succeeded', outcome: 'completed', decisionSummary: summary, output: payment });
    expect(state.context.steps.match_po).toMatchObject({ result: 'auto_approve' });
    expect(state.steps.review_mismatch).toMatchObject({ status: 'skipped', skip: { kind: 'not_taken' } });
    expect(openedReviews(commands)).toEqual([]);
    expect(ports.policyCalls.map((call) => call.key)).toEqual(['invoice-po-match', 'department-budget-available', 'invoice-approval-route']);
    expect(jobs).toBe(1);
  });

  it('asks a reviewer about an invoice more than 5% above its purchase order, and waits', async () => {
    const { input } = await readSample('seeds/samples/invoices/coho-security-services.json');
    const { state, commands } = await runTemplate(invoiceApproval, input, { references: invoiceReferences });
    expect(state.status).toBe('waiting_review');
    expect(state.context.steps.match_po).toMatchObject({ result: 'review' });
    const reviews = openedReviews(commands);
    expect(reviews).toHaveLength(1);
    expect(reviews[0]).toMatchObject({
      stepId: 'review_mismatch',
      request: { origin: 'step', role: 'reviewer', title: 'Invoice does not match its purchase order', dueHours: 24, escalateTo: 'admin' },
    });
    const fields = new Map(reviews[0]?.request.fields.map((field) => [field.label, field]));
    expect(fields.get('Invoice total')).toEqual({ path: '/steps/extract/total', label: 'Invoice total', editable: true, value: 7850 });
    expect(fields.get('PO total')).toMatchObject({ editable: false, value: 7350 });
    expect(fields.get('Purchase order')).toMatchObject({ editable: false, value: 'PO-7897' });
    expect(fields.get('Difference (%)')?.value).toBeCloseTo(6.8027, 4);
    expect(state.steps.check_budget?.status).toBe('pending');
  });

  it('pays the corrected amount after the reviewer edits it, and records the correction', async () => {
    const { input } = await readSample('seeds/samples/invoices/coho-security-services.json');
    const decideReview = (stepId: string): ReviewAnswer => {
      expect(stepId).toBe('review_mismatch');
      return { decision: 'edit', reviewer: 'rita@demo.local', edits: { '/steps/extract/total': 7350 }, comment: 'night shifts were not ordered' };
    };
    const { state } = await runTemplate(invoiceApproval, input, { references: invoiceReferences, decideReview });
    expect(state).toMatchObject({ status: 'succeeded', outcome: 'completed', output: { amount: 7350, currency: 'EUR', po_number: 'PO-7897', approval_route: 'auto' } });
    expect(state.steps.review_mismatch?.review?.decision).toMatchObject({
      decision: 'edit',
      comment: 'night shifts were not ordered',
      corrections: [{ path: '/steps/extract/total', label: 'Invoice total', before: 7850, after: 7350, reviewer: 'rita@demo.local' }],
    });
    expect(state.context.steps.extract).toMatchObject({ total: 7350 });
    expect(state.steps.extract?.output).toMatchObject({ total: 7850 });
    expect(state.steps.check_budget?.meta?.input).toMatchObject({ invoice: { amount: 7350 } });
    expect(state.decisionSummary).toBe(
      'Approved after review by rita@demo.local: invoice CSS-25-0219 differs from PO-7897 by 6.8%, vendor in good standing, ' +
        'Invoice total corrected by rita@demo.local from 7850 to 7350, budget available, approval route auto',
    );
  });

  it('sends an invoice with no purchase order or vendor on record to review, and says so', async () => {
    // The prompt's own test case: a recorded extraction without a PO number, from a vendor the master does not know, dated 2024.
    const { testCases } = await readRepoFile<{ testCases: Array<{ name: string; variables: Record<string, unknown> }> }>('prompts/invoice-extract/prompt.json');
    const variables = testCases.find((testCase) => testCase.name === 'euro invoice without purchase order')?.variables;
    const { state, commands } = await runTemplate(invoiceApproval, { ...variables, department: 'Facilities' }, {
      references: invoiceReferences,
      decideReview: () => ({ decision: 'approve', reviewer: 'rita@demo.local', comment: 'coffee machine service' }),
    });
    expect(openedReviews(commands).map((review) => review.stepId)).toEqual(['review_mismatch']);
    expect(state.steps.match_po?.meta?.input).toMatchObject({
      purchase_order: { number: 'no purchase order', total: 0, currency: 'XXX' },
      vendor: { id: 'unknown', status: 'on_hold' },
    });
    expect(state).toMatchObject({ status: 'succeeded', output: { payee: null, po_number: null, amount: 332.96, approval_route: 'auto' } });
    expect(state.decisionSummary).toBe(
      'Approved after review by rita@demo.local: invoice 24-1187 has no purchase order on record, difference n/a%, vendor not in the vendor master, ' +
        'approved by rita@demo.local ("coffee machine service"), Facilities budget not confirmed for 332.96 EUR, approval route auto',
    );
  });

  it('ends without a payment instruction when the reviewer rejects the invoice', async () => {
    const { input } = await readSample('seeds/samples/invoices/coho-security-services.json');
    const { state } = await runTemplate(invoiceApproval, input, {
      references: invoiceReferences,
      decideReview: () => ({ decision: 'reject', reviewer: 'rita@demo.local', comment: 'extra shifts need their own purchase order' }),
    });
    expect(state).toMatchObject({ status: 'succeeded', outcome: 'rejected', output: null, decisionSummary: 'Rejected by reviewer: extra shifts need their own purchase order' });
    expect(state.steps.payment?.status).toBe('skipped');
  });
});

describe('other seeded templates, offline', () => {
  it('runs bench-six-step to success in one job (its first policy runs where the run starts)', async () => {
    const { template, input } = await readSample('seeds/samples/runs/bench-six-step.json');
    const { spec } = await loadSeededTemplate(template);
    const { state, jobs } = await runTemplate(spec, input);
    expect(state.status).toBe('succeeded');
    expect(Object.fromEntries(Object.entries(state.steps).map(([id, step]) => [id, step.status]))).toEqual({
      screen: 'succeeded',
      extract: 'succeeded',
      match_po: 'succeeded',
      decide: 'succeeded',
      shape: 'succeeded',
      route: 'succeeded',
    });
    expect(state.steps.route?.meta?.input).toEqual({ invoice: { number: 'NS-2024-0418', amount: 1780.8, currency: 'GBP' }, department: { code: 'Operations', over_budget: false } });
    expect(state.decisionSummary).toBe('Completed: vendor name match, invoice NS-2024-0418 against PO-77120: auto_approve, approval route auto');
    expect(jobs).toBe(1);
  });

  const triageInput = {
    from: 'dana.k@example.org',
    subject: 'Where is my sofa?',
    body: "Hi, I ordered a grey three-seater sofa (order A-48213) on 2 March and the tracking page has said 'in transit' for nine days now. Can you tell me when it will arrive? Best, Dana",
    customer_tier: 'plus',
  };

  it('opens the helpdesk ticket for a recorded customer email through the given HTTP handler', async () => {
    const helpdesk = (): HttpResponse => ({ status: 201, body: { id: 'T-1042', url: 'https://helpdesk.example.com/t/1042' } });
    const { spec } = await loadSeededTemplate('email-triage');
    const { state, ports } = await runTemplate(spec, triageInput, { ports: { http: helpdesk } });
    expect(state).toMatchObject({ status: 'succeeded', output: { status: 201, body: { id: 'T-1042' } } });
    expect(ports.httpCalls).toHaveLength(1);
    expect(ports.httpCalls[0]).toMatchObject({
      url: 'https://helpdesk.example.com/api/v2/tickets',
      method: 'POST',
      body: { queue: 'support', priority: 'p1', external_ref: 'A-48213', requester: 'dana.k@example.org' },
    });
  });

  it('refuses HTTP when no handler is given, failing the step for good', async () => {
    const { spec } = await loadSeededTemplate('email-triage');
    const { state, ports } = await runTemplate(spec, triageInput);
    expect(state).toMatchObject({ status: 'failed', error: { stepId: 'create_ticket', code: 'http_error' } });
    expect(state.error?.message).toContain('no network in tests: POST https://helpdesk.example.com/api/v2/tickets was refused');
    expect(ports.httpCalls).toHaveLength(1);
  });
});
