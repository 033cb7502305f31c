import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { startCountingEndpoint, type CountingEndpoint } from '../support/counting-endpoint.js';
import { publishPolicy, publishPrompt, publishTemplate, readFixture, waitForRun } from '../support/engine-fixtures.js';
import { gql } from '../support/graphql-client.js';
import { startOpenAiTestServer, type OpenAiTestServer } from '../support/openai-test-server.js';
import { startTestPlatform, type TestPlatform } from '../support/platform.js';
import { collectPageErrors, launchChromium, saveScreenshot } from './support/browser.js';
import { ensureWebBuild } from './support/web-build.js';

const JOURNEY_TIMEOUT = 120_000;

function extraction(order: string, amount: number): Record<string, unknown> {
  return { order_number: order, amount, reason: 'damaged on arrival' };
}

describe('operating runs, reviews, policies and the audit trail in the browser', () => {
  let llm: OpenAiTestServer;
  let erp: CountingEndpoint;
  let platform: TestPlatform;
  let browser: Browser;
  const sessions: Array<{ context: BrowserContext; errors: Error[] }> = [];

  beforeAll(async () => {
    ensureWebBuild();
    llm = await startOpenAiTestServer();
    erp = await startCountingEndpoint();
    platform = await startTestPlatform('pglite', {
      LLM_BASE_URL: llm.url, LLM_API_KEY: 'k', LLM_MODEL: 'test-model', LLM_MAX_RETRIES: '1',
      HTTP_ALLOWED_BASE_URLS: erp.url,
    });
    // The prompt's own test case must pass before it can carry the production label.
    llm.script([{ match: 'SO-55120', reply: extraction('SO-55120', 64.9) }]);
    await publishPolicy(platform.url, 'refund-threshold', readFixture('test/fixtures/policies/refund-threshold.json'));
    await publishPrompt(platform.url, 'refund-request', readFixture('test/fixtures/prompts/refund-request.json'));
    const template = JSON.parse(JSON.stringify(readFixture('test/fixtures/templates/refund-check.template.json')).replaceAll('HTTP_BASE', erp.url)) as Record<string, unknown>;
    await publishTemplate(platform.url, 'refund-check', template);
    browser = await launchChromium();
  });

  afterAll(async () => {
    await browser?.close();
    await platform?.stop();
    await llm?.close();
    await erp?.close();
  });

  afterEach(async () => {
    const errors = sessions.flatMap((session) => session.errors.map((error) => error.message));
    await Promise.all(sessions.splice(0).map((session) => session.context.close()));
    expect(errors).toEqual([]);
  });

  /** A fresh browser session signed in as a demo user, on the home page. */
  async function signInAs(role: string): Promise<Page> {
    const context = await browser.newContext({ viewport: { width: 1280, height: 900 } });
    const page = await context.newPage();
    page.setDefaultTimeout(15_000);
    sessions.push({ context, errors: collectPageErrors(page) });
    await page.goto(platform.url);
    await page.waitForURL('**/sign-in');
    await page.getByLabel('Email').fill(`${role}@demo.local`);
    await page.getByLabel('Password').fill('demo');
    await page.getByRole('button', { name: 'Sign in', exact: true }).click();
    await page.getByTestId('account-email').waitFor();
    return page;
  }

  function nav(page: Page, label: string) {
    return page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: label, exact: true });
  }

  async function tokenOf(page: Page): Promise<string> {
    const token = await page.evaluate(() => (globalThis as unknown as { localStorage: { getItem(key: string): string | null } }).localStorage.getItem('docket.session-token'));
    if (!token) throw new Error('no session token in the page');
    return token;
  }

  it('runs a large refund from the template page through a reviewer correction to success', async () => {
    llm.script([{ match: 'SO-7007', reply: extraction('SO-7007', 250) }]);
    const operator = await signInAs('operator');

    // Before anything ran, the runs page explains how runs start.
    await nav(operator, 'Runs').click();
    await operator.getByTestId('runs-empty').waitFor();
    expect(await operator.getByTestId('runs-empty').textContent()).toContain('Start a test run');
    await saveScreenshot(operator, 'runs-empty');

    // The template: six steps on the canvas, the branch's edges labelled with their conditions.
    await nav(operator, 'Templates').click();
    await operator.getByRole('link', { name: 'Refund check' }).click();
    await operator.waitForURL('**/templates/refund-check');
    const canvas = operator.getByTestId('template-canvas');
    await canvas.locator('.vue-flow__node').first().waitFor();
    expect(await canvas.locator('.vue-flow__node').count()).toBe(6);
    expect(await canvas.locator('.vue-flow__edge').count()).toBe(6);
    const edgeLabels = await canvas.locator('.vue-flow__edge-text').allTextContents();
    expect(edgeLabels.sort()).toEqual(['auto', 'review']);
    expect(await operator.getByTestId('template-problems').count()).toBe(0);
    expect(await operator.getByText('No problems').isVisible()).toBe(true);

    // Selecting a step shows its configuration.
    await canvas.locator('[data-step-id="route"]').click();
    const config = operator.getByTestId('step-config');
    await config.waitFor();
    expect(await config.textContent()).toContain('refund-threshold');
    expect(await operator.getByLabel('Step', { exact: true }).inputValue()).toBe('route');
    await saveScreenshot(operator, 'template-refund-check');

    // The start form is pre-filled from the input schema; a refund over 100 is started from it.
    const input = operator.getByLabel('Input (JSON)');
    expect(JSON.parse(await input.inputValue())).toEqual({ customer_name: 'customer name', email_body: 'email body' });
    await input.fill(JSON.stringify({ customer_name: 'Ines Duarte', email_body: 'Order SO-7007 arrived broken. Please refund the 250 I paid.' }, null, 2));
    await operator.getByRole('button', { name: 'Start test run' }).click();
    await operator.waitForURL(/\/runs\/[0-9a-f-]{36}$/);
    const runId = new URL(operator.url()).pathname.split('/').at(-1) ?? '';

    // The run page keeps polling until the run stops for a person.
    const status = operator.getByTestId('run-status');
    await operator.locator('[data-testid="run-status"][data-status="waiting_review"]').waitFor();
    expect(await status.textContent()).toContain('Waiting for review');
    expect(await operator.getByTestId('live-indicator').isVisible()).toBe(true);
    expect(await operator.getByTestId('decision-summary').textContent()).toContain('waiting for a reviewer');
    const route = operator.locator('[data-step-id="route"]');
    expect(await route.getAttribute('data-step-status')).toBe('succeeded');
    expect(await route.textContent()).toContain('"review" because amount 250 > 100');
    await route.getByText('Input, output and explanation').click();
    expect(await route.getByTestId('policy-trace').textContent()).toContain('{">": [250, 100]} → true');
    expect(await operator.getByTestId('run-references').textContent()).toMatch(/refund-threshold\s*v1/);
    await saveScreenshot(operator, 'run-waiting-review');

    // A reviewer finds the task in the inbox and corrects the amount.
    const reviewer = await signInAs('reviewer');
    await nav(reviewer, 'Reviews').click();
    const task = reviewer.locator('.task', { hasText: 'Confirm the refund amount' });
    await task.waitFor();
    expect(await task.textContent()).toContain(runId.slice(0, 8));
    await saveScreenshot(reviewer, 'reviews-inbox');
    await task.getByRole('link', { name: 'Review: Confirm the refund amount' }).click();
    await reviewer.waitForURL('**/reviews/*');
    expect(await reviewer.getByTestId('review-readonly-value').textContent()).toBe('SO-7007');
    const amount = reviewer.getByLabel('Amount', { exact: true });
    expect(await amount.inputValue()).toBe('250');
    const editAndApprove = reviewer.getByRole('button', { name: 'Edit & approve' });
    expect(await editAndApprove.isDisabled()).toBe(true);

    // Rejecting needs a comment; the form says so instead of sending it.
    await reviewer.getByRole('button', { name: 'Reject' }).click();
    expect(await reviewer.getByText('Say why you reject it').isVisible()).toBe(true);

    await amount.fill('90');
    expect(await editAndApprove.isEnabled()).toBe(true);
    expect(await reviewer.getByRole('button', { name: 'Approve', exact: true }).isDisabled()).toBe(true);
    await reviewer.getByLabel(/Comment/).fill('Customer paid 90 according to the order.');
    await saveScreenshot(reviewer, 'review-task-edit');
    await editAndApprove.click();
    await reviewer.waitForURL((url) => url.pathname === '/reviews');
    expect(await reviewer.getByTestId('review-confirmation').textContent()).toContain('You corrected 1 value and approved “Confirm the refund amount”');
    expect(await reviewer.getByTestId('review-confirmation').getByRole('link', { name: 'Follow the run' }).getAttribute('href')).toBe(`/runs/${runId}`);
    await reviewer.getByTestId('reviews-empty').waitFor();
    await saveScreenshot(reviewer, 'reviews-after-decision');

    // The operator's page, still open, picks up the outcome by itself.
    await operator.locator('[data-testid="run-status"][data-status="succeeded"]').waitFor({ timeout: 20_000 });
    const summary = await operator.getByTestId('decision-summary').textContent();
    expect(summary).toContain('Approved after review by reviewer@demo.local');
    expect(summary).toContain('from 250 to 90');
    const corrections = operator.getByTestId('run-corrections');
    expect(await corrections.textContent()).toMatch(/Amount\s*250\s*→\s*90\s*by reviewer@demo\.local/);
    expect(await operator.getByTestId('live-indicator').count()).toBe(0);
    expect(await operator.getByRole('button', { name: 'Cancel run' }).count()).toBe(0);
    expect(erp.bodies).toContainEqual({ order: 'SO-7007', amount: 90 });
    await saveScreenshot(operator, 'run-succeeded');

    // The runs list shows it, and its status filter narrows the list.
    await nav(operator, 'Runs').click();
    const row = operator.locator(`[data-run-id="${runId}"]`);
    await row.waitFor();
    expect(await row.locator('[data-status]').getAttribute('data-status')).toBe('succeeded');
    await operator.getByRole('group', { name: 'Filter by status' }).getByRole('button', { name: 'Failed' }).click();
    await operator.waitForURL('**/runs?status=failed');
    await operator.getByText('No runs match these filters').waitFor();
    await operator.getByRole('button', { name: 'Clear filters' }).click();
    await row.waitFor();
    await saveScreenshot(operator, 'runs-list');

    // On a phone the run page stacks its columns.
    await operator.setViewportSize({ width: 390, height: 844 });
    await operator.goto(`${platform.url}/runs/${runId}`);
    await operator.locator('[data-testid="run-status"][data-status="succeeded"]').waitFor();
    await saveScreenshot(operator, 'run-succeeded-mobile');
  }, JOURNEY_TIMEOUT);

  it('cancels a waiting run after confirming, and hides the action from a viewer', async () => {
    llm.script([{ match: 'SO-8008', reply: extraction('SO-8008', 500) }]);
    const operator = await signInAs('operator');
    const started = await gql<{ startRun: { id: string } }>(platform.url,
      'mutation ($input: JSON!) { startRun(templateKey: "refund-check", input: $input) { id } }',
      { input: { customer_name: 'Ada', email_body: 'Order SO-8008: refund 500 please' } }, await tokenOf(operator));
    const runId = started.data?.startRun.id ?? '';
    await waitForRun(platform.url, await tokenOf(operator), runId, ['waiting_review']);

    const viewer = await signInAs('viewer');
    await viewer.goto(`${platform.url}/runs/${runId}`);
    await viewer.locator('[data-testid="run-status"][data-status="waiting_review"]').waitFor();
    expect(await viewer.getByRole('button', { name: 'Cancel run' }).count()).toBe(0);

    await operator.goto(`${platform.url}/runs/${runId}`);
    await operator.getByRole('button', { name: 'Cancel run' }).click();
    const dialog = operator.getByRole('dialog', { name: 'Cancel this run?' });
    await dialog.waitFor();
    await dialog.getByLabel(/Reason/).fill('duplicate request');
    await saveScreenshot(operator, 'run-cancel-dialog');
    expect(await dialog.getByRole('button', { name: 'Keep it running' }).isVisible()).toBe(true);
    await dialog.getByRole('button', { name: 'Cancel run' }).click();
    await dialog.waitFor({ state: 'hidden' });
    await operator.locator('[data-testid="run-status"][data-status="cancelled"]').waitFor();
    expect(await operator.getByRole('button', { name: 'Cancel run' }).count()).toBe(0);
  }, JOURNEY_TIMEOUT);

  it('shows a designer the problems of a draft template and finds their steps on the canvas', async () => {
    const designer = await signInAs('designer');
    await nav(designer, 'Templates').click();
    const card = designer.locator('[data-template-key="email-triage"]');
    expect(await card.textContent()).toContain('draft only');
    await card.getByRole('link').click();
    await designer.waitForURL('**/templates/email-triage');

    const problems = designer.getByTestId('template-problems');
    await problems.waitFor();
    expect(await problems.locator('li').count()).toBe(2);
    expect(await problems.textContent()).toContain('/steps/4/config/baseUrl');
    const canvas = designer.getByTestId('template-canvas');
    expect(await canvas.locator('.has-problems').count()).toBe(2);

    await problems.getByRole('button', { name: 'Show step create_ticket on the canvas' }).click();
    expect(await designer.getByTestId('step-config').textContent()).toContain('helpdesk.example.com');
    expect(await canvas.locator('[data-step-id="create_ticket"]').getAttribute('class')).toContain('is-selected');

    // A draft can only be test-run, and the form says so.
    expect(await designer.getByTestId('start-run-form').textContent()).toContain('test run of draft version 1');
    expect(await designer.getByRole('radio', { name: /Live/ }).count()).toBe(0);
    await saveScreenshot(designer, 'template-draft-problems');
  }, JOURNEY_TIMEOUT);

  it('evaluates the refund-threshold policy with a trace and runs its tests', async () => {
    const operator = await signInAs('operator');
    await nav(operator, 'Policies').click();
    await operator.getByRole('link', { name: 'Refund threshold' }).click();
    await operator.waitForURL('**/policies/refund-threshold');

    const data = operator.getByLabel('Data (JSON)');
    expect(JSON.parse(await data.inputValue())).toEqual({ amount: 40 });
    await data.fill('{ "amount": 15450 }');
    await operator.getByRole('button', { name: 'Evaluate' }).click();
    const explanation = operator.getByTestId('policy-explanation');
    await explanation.waitFor();
    expect(await explanation.textContent()).toBe('"review" because amount 15450 > 100');
    expect(await operator.getByTestId('policy-result').textContent()).toBe('"review"');
    const trace = await operator.getByTestId('policy-trace').locator('li').allTextContents();
    expect(trace.map((line) => line.trim())).toEqual([
      '{"if": [true, "review", …]} → "review" (then)',
      '{">": [15450, 100]} → true',
      '{"var": "amount"} → 15450',
    ]);

    // Broken JSON is caught before it is sent.
    await data.fill('{ "amount": ');
    await operator.getByRole('button', { name: 'Evaluate' }).click();
    expect(await operator.getByText(/This is not valid JSON/).isVisible()).toBe(true);

    await operator.getByRole('button', { name: 'Run tests' }).click();
    const report = operator.getByTestId('policy-test-report');
    await report.waitFor();
    expect(await report.textContent()).toContain('2 of 2 passed.');
    expect(await report.textContent()).toContain('Branch coverage 2 of 2 (100%)');
    expect(await report.locator('[data-status="pass"]').count()).toBe(2);
    await saveScreenshot(operator, 'policy-evaluate');
  }, JOURNEY_TIMEOUT);

  it('lets compliance verify the audit chain, and keeps the audit trail from an operator', async () => {
    const operator = await signInAs('operator');
    expect(await nav(operator, 'Audit').count()).toBe(0);

    const compliance = await signInAs('compliance');
    await nav(compliance, 'Audit').click();
    await compliance.waitForURL('**/audit');
    await compliance.locator('.audit-table tbody tr').first().waitFor();
    expect(await compliance.locator('.audit-table').textContent()).toContain('run.started');

    await compliance.getByRole('button', { name: 'Verify chain' }).click();
    const verified = compliance.locator('[data-verified="ok"]');
    await verified.waitFor();
    expect(await verified.textContent()).toMatch(/OK — the chain is intact\.\s*[\d,]+ events checked/);

    await compliance.getByLabel('Action').fill('review.*');
    await compliance.getByRole('button', { name: 'Filter' }).click();
    await compliance.locator('.audit-table', { hasText: 'review.decided' }).waitFor();
    const actions = await compliance.locator('.audit-table .action').allTextContents();
    expect(actions.length).toBeGreaterThan(0);
    expect(actions.every((action) => action.startsWith('review.'))).toBe(true);
    // The list says how much of the filtered trail it shows.
    expect(await compliance.locator('.list-footer [role="status"]').textContent()).toMatch(new RegExp(`Showing ${actions.length} of ${actions.length} events?`));
    await saveScreenshot(compliance, 'audit-verified');
  }, JOURNEY_TIMEOUT);
});
