import { describe, expect, it } from 'vitest';
import { runInMemory, type ReviewAnswer, type ReviewRequest } from '../../../server/src/domain/engine/index.js';
import { allowedBaseUrls, answer, createFakePorts, fixtureReferences, loadSeededTemplate, readRepoJson } from '../../fixtures/templates/fixture-catalog.js';

interface Runs {
  invoiceInput: Record<string, unknown>;
  invoiceExtract: Record<string, unknown>;
  reviewExplanation: Record<string, unknown>;
  emailInput: Record<string, unknown>;
  emailTriage: Record<string, unknown>;
  contractInput: Record<string, unknown>;
  contractTerms: Record<string, unknown>;
  benchInput: Record<string, unknown>;
}
const runs = readRepoJson<Runs>('test/fixtures/templates/runs.json');

function invoicePorts(extract: Record<string, unknown> = runs.invoiceExtract) {
  return createFakePorts({ answers: { 'invoice-extract': () => answer(extract), 'review-explanation': () => answer(runs.reviewExplanation) } });
}

describe('runInMemory on the seeded templates', () => {
  it('approves an invoice that matches its purchase order and drafts the payment', async () => {
    const ports = invoicePorts();
    const { state, jobs } = await runInMemory({ template: loadSeededTemplate('invoice-approval'), input: runs.invoiceInput, ports, references: fixtureReferences() });
    expect(state.status).toBe('succeeded');
    expect(state.output).toEqual({
      payee: 'Northwind Office Supply GmbH',
      vendor_id: 'V-1001',
      iban: 'DE89370400440532013000',
      bic: 'COBADEFFXXX',
      amount: 1870.5,
      currency: 'EUR',
      reference: 'Invoice INV-2025-0142',
      po_number: 'PO-7890',
      due_date: '2025-03-13',
      approval_route: 'auto',
    });
    expect(state.decisionSummary).toBe(
      'Approved: invoice INV-2025-0142 matches PO-7890 within 0.46%, vendor in good standing, budget available, approval route auto',
    );
    expect(state.steps.review_mismatch?.status).toBe('skipped');
    // The prompt starts the run in its own job, and every inline step after it runs in that job.
    expect(jobs).toBe(1);
  });

  it('sends a mismatch to a reviewer whose correction flows into the payment', async () => {
    const ports = invoicePorts({ ...runs.invoiceExtract, total: 2100 });
    const requests: ReviewRequest[] = [];
    const { state } = await runInMemory({
      template: loadSeededTemplate('invoice-approval'),
      input: runs.invoiceInput,
      ports,
      references: fixtureReferences(),
      decideReview: (_stepId, request): ReviewAnswer => {
        requests.push(request);
        return { decision: 'edit', reviewer: 'rita@demo.local', edits: { '/steps/extract/total': 1862 }, comment: 'freight billed twice' };
      },
    });
    expect(requests[0]).toMatchObject({
      origin: 'step',
      role: 'reviewer',
      dueHours: 24,
      escalateTo: 'admin',
      explanation: 'The invoice is well above its purchase order. The total exceeds PO-7890 by more than the 5% tolerance. Check: Was extra quantity delivered?.',
    });
    expect(requests[0]?.fields[0]).toEqual({ path: '/steps/extract/total', label: 'Invoice total', editable: true, value: 2100 });
    expect(state.status).toBe('succeeded');
    expect(state.output).toMatchObject({ amount: 1862, approval_route: 'auto' });
    expect(state.decisionSummary).toBe(
      'Approved after review by rita@demo.local: invoice INV-2025-0142 differs from PO-7890 by 12.78%, vendor in good standing, Invoice total corrected by rita@demo.local from 2100 to 1862, budget available, approval route auto',
    );
  });

  it('leaves the run waiting while nobody has decided', async () => {
    const { state, commands } = await runInMemory({
      template: loadSeededTemplate('invoice-approval'),
      input: runs.invoiceInput,
      ports: invoicePorts({ ...runs.invoiceExtract, total: 2100 }),
      references: fixtureReferences(),
    });
    expect(state.status).toBe('waiting_review');
    expect(commands.filter((command) => command.type === 'openReview')).toHaveLength(1);
  });

  it('routes a model answer that fails validation to a reviewer, who fixes it', async () => {
    const ports = createFakePorts({
      answers: { 'invoice-extract': () => ({ kind: 'invalid_output', errors: [{ path: '/total', message: 'must be number' }], raw: { ...runs.invoiceExtract, total: '1.870,50' } }) },
    });
    const { state } = await runInMemory({
      template: loadSeededTemplate('invoice-approval'),
      input: runs.invoiceInput,
      ports,
      references: fixtureReferences(),
      decideReview: (stepId, request) => {
        expect(stepId).toBe('extract');
        expect(request).toMatchObject({ origin: 'gate', title: 'Check Extract invoice fields', reason: "the model's answer does not match the output schema (1 problem)" });
        return { decision: 'edit', reviewer: 'rita@demo.local', edits: { '/steps/extract/total': 1870.5 } };
      },
    });
    expect(state.status).toBe('succeeded');
    expect(state.output).toMatchObject({ amount: 1870.5 });
    expect(state.steps.extract).toMatchObject({ status: 'succeeded', review: { decision: { decision: 'edit' } } });
    expect(state.steps.extract?.error).toBeUndefined();
  });

  it('stops at a policy configured to ask a person when it returns false', async () => {
    const ports = createFakePorts({ answers: { 'contract-terms': () => answer(runs.contractTerms), 'review-explanation': () => answer(runs.reviewExplanation) } });
    const decided: string[] = [];
    const { state } = await runInMemory({
      template: loadSeededTemplate('contract-review'),
      input: runs.contractInput,
      ports,
      references: fixtureReferences(),
      decideReview: (stepId) => {
        decided.push(stepId);
        return { decision: 'approve', reviewer: 'lena@demo.local', comment: 'accepted by legal' };
      },
    });
    expect(decided).toEqual(['payment_terms', 'legal_review']);
    expect(state.status).toBe('succeeded');
    expect(state.output).toMatchObject({ counterparty: 'Litware Software AB', vendor_id: 'V-1006', risk_count: 2, known_vendor: true, terms_within_policy: false });
    expect(state.decisionSummary).toBe(
      'Approved after review by lena@demo.local: counterparty Litware Software AB against vendor V-1006: name match, terms outside policy: 15 days, liability cap unlimited, approved by lena@demo.local ("accepted by legal"), approved by lena@demo.local ("accepted by legal")',
    );
  });

  it('in shadow mode calls no external system and opens no review, saying what it would have done', async () => {
    const ports = createFakePorts({ answers: { 'email-triage': () => answer({ ...runs.emailTriage, needs_human: true }) } });
    const { state, commands } = await runInMemory({
      template: loadSeededTemplate('email-triage'),
      input: runs.emailInput,
      ports,
      references: fixtureReferences(),
      mode: 'shadow',
      allowedBaseUrls,
    });
    expect(ports.httpCalls).toEqual([]);
    expect(commands.some((command) => command.type === 'openReview')).toBe(false);
    expect(state.status).toBe('succeeded');
    expect(state.steps.human_triage).toMatchObject({ status: 'skipped', skip: { kind: 'shadow', reason: 'would open review "This customer email needs a person" for operator' } });
    expect(state.steps.create_ticket).toMatchObject({ status: 'skipped', skip: { kind: 'shadow', reason: 'shadow run: POST https://helpdesk.example.com/api/v2/tickets not called' } });
    expect(state.context.steps.ticket).toMatchObject({ queue: 'support', priority: 'p2' });
  });

  it('opens the helpdesk ticket in a live run, once, with the same idempotency key on retry', async () => {
    let calls = 0;
    const ports = createFakePorts({
      answers: { 'email-triage': () => answer(runs.emailTriage) },
      http: () => ((calls += 1) === 1 ? { status: 502, body: null } : { status: 201, body: { id: 'T-88', url: 'https://helpdesk.example.com/t/88' } }),
    });
    const { state, commands } = await runInMemory({
      template: loadSeededTemplate('email-triage'),
      input: runs.emailInput,
      ports,
      references: fixtureReferences(),
      mode: 'live',
      runId: 'run-42',
      allowedBaseUrls,
      random: () => 0,
    });
    expect(state.status).toBe('succeeded');
    expect(state.output).toEqual({ status: 201, body: { id: 'T-88', url: 'https://helpdesk.example.com/t/88' } });
    expect(ports.httpCalls.map((call) => call.idempotencyKey)).toEqual(['run-42:create_ticket', 'run-42:create_ticket']);
    expect(ports.httpCalls[0]?.body).toEqual({
      queue: 'support',
      priority: 'p2',
      subject: 'Where is my order 48812?',
      description: 'Customer asks where order 48812 is.',
      requester: 'sam.lee@customer.example',
      external_ref: '48812',
    });
    expect(commands).toContainEqual({ type: 'enqueue', stepId: 'create_ticket', attempt: 2, delayMs: 500, timeoutMs: 10_000 });
  });

  it('runs bench-six-step in one job (its first policy runs where the run starts)', async () => {
    const ports = createFakePorts({ answers: { 'invoice-extract': () => answer(runs.invoiceExtract) } });
    const { state, jobs } = await runInMemory({ template: loadSeededTemplate('bench-six-step'), input: runs.benchInput, ports, references: fixtureReferences() });
    expect(jobs).toBe(1);
    expect(Object.values(state.steps).map((step) => step.status)).toEqual(Array(6).fill('succeeded'));
    expect(state.decisionSummary).toBe('Completed: vendor name match, invoice INV-2025-0142 against PO-7890: auto_approve, approval route auto');
  });
});
