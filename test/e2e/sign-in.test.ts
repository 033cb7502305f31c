import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { gql } from '../support/graphql-client.js';
import { startTestPlatform, type TestPlatform } from '../support/platform.js';
import { collectPageErrors, launchChromium, saveScreenshot } from './support/browser.js';
import { ensureWebBuild } from './support/web-build.js';

const TOKEN_KEY = 'docket.session-token';

/** What the page callbacks touch; the test itself compiles without the DOM library. */
interface PageGlobals {
  localStorage: { getItem(key: string): string | null; setItem(key: string, value: string): void };
}
const JOURNEY_TIMEOUT = 60_000;

describe('signing in and managing API keys in the browser', () => {
  let platform: TestPlatform;
  let browser: Browser;
  let context: BrowserContext;
  let page: Page;
  let pageErrors: Error[];

  beforeAll(async () => {
    ensureWebBuild();
    platform = await startTestPlatform('pglite');
    browser = await launchChromium();
  });

  afterAll(async () => {
    await browser?.close();
    await platform?.stop();
  });

  beforeEach(async () => {
    context = await browser.newContext({ viewport: { width: 1280, height: 800 } });
    page = await context.newPage();
    page.setDefaultTimeout(10_000);
    pageErrors = collectPageErrors(page);
  });

  afterEach(async () => {
    await context?.close();
    expect(pageErrors.map((error) => error.message)).toEqual([]);
  });

  function pathOf(p: Page): string {
    return new URL(p.url()).pathname;
  }

  /** The sign-in page, asked to return to `redirect` afterwards. */
  function isSignInFor(redirect: string): (url: URL) => boolean {
    return (url) => url.pathname === '/sign-in' && url.searchParams.get('redirect') === redirect;
  }

  async function signIn(email: string, password: string): Promise<void> {
    await page.getByLabel('Email').fill(email);
    await page.getByLabel('Password').fill(password);
    await page.getByRole('button', { name: 'Sign in', exact: true }).click();
  }

  async function signInAs(role: string): Promise<void> {
    await page.goto(platform.url);
    await page.waitForURL('**/sign-in');
    await signIn(`${role}@demo.local`, 'demo');
    await page.getByTestId('account-email').waitFor();
  }

  function readStoredToken(): Promise<string | null> {
    return page.evaluate((key) => (globalThis as unknown as PageGlobals).localStorage.getItem(key), TOKEN_KEY);
  }

  function storeToken(token: string): Promise<void> {
    return page.evaluate(([key, value]) => (globalThis as unknown as PageGlobals).localStorage.setItem(key, value), [TOKEN_KEY, token] as const);
  }

  async function meWith(token: string): Promise<{ status: number; email: string | undefined; code: string | undefined }> {
    const response = await gql<{ me: { email: string } }>(platform.url, '{ me { email } }', {}, token);
    return { status: response.status, email: response.data?.me.email, code: response.errors?.[0]?.extensions?.code };
  }

  it('keeps a wrong password on the sign-in page with a clear error', async () => {
    await page.goto(`${platform.url}/api-keys`);
    await page.waitForURL(isSignInFor('/api-keys'));
    expect(await page.getByRole('heading', { level: 1 }).textContent()).toBe('Sign in');

    await signIn('admin@demo.local', 'not-the-password');

    const alert = page.getByRole('alert');
    await alert.waitFor();
    expect(await alert.textContent()).toContain('The email or password is incorrect');
    expect(pathOf(page)).toBe('/sign-in');
    expect(await page.getByLabel('Password').inputValue()).toBe('');
    expect(await readStoredToken()).toBeNull();
  }, JOURNEY_TIMEOUT);

  it('asks for the missing fields before calling the server', async () => {
    await page.goto(`${platform.url}/sign-in`);
    await page.getByRole('button', { name: 'Sign in', exact: true }).click();
    expect(await page.getByText('Enter your email address.').isVisible()).toBe(true);
    expect(await page.getByText('Enter your password.').isVisible()).toBe(true);
    expect(await page.getByLabel('Email').getAttribute('aria-invalid')).toBe('true');
  }, JOURNEY_TIMEOUT);

  it('signs an admin in, creates an API key shown once, revokes it and signs out', async () => {
    // Sign in through the demo-accounts helper.
    await page.goto(platform.url);
    await page.waitForURL('**/sign-in');
    await page.getByText('Demo accounts').click();
    await page.getByRole('button', { name: /admin@demo\.local/ }).click();
    expect(await page.getByLabel('Email').inputValue()).toBe('admin@demo.local');
    expect(await page.getByLabel('Password').inputValue()).toBe('demo');
    await page.getByRole('button', { name: 'Sign in', exact: true }).click();

    // The shell: who is signed in, with which role, and what that allows.
    const email = page.getByTestId('account-email');
    await email.waitFor();
    expect(await email.textContent()).toBe('admin@demo.local');
    expect(await page.getByRole('list', { name: 'Your roles' }).textContent()).toContain('admin');
    expect(pathOf(page)).toBe('/');
    expect(await page.getByRole('heading', { level: 1 }).textContent()).toBe('Welcome, Demo admin');
    expect(await page.getByText('Design policies, prompts and templates').isVisible()).toBe(true);
    expect(await page.getByText('Decide review tasks').isVisible()).toBe(true);
    await saveScreenshot(page, 'shell-admin-dashboard');
    const sessionToken = await readStoredToken();
    expect(sessionToken).toMatch(/^dks_/);

    // API keys: empty at first; an admin may give a key any role.
    await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'API keys' }).click();
    await page.waitForURL('**/api-keys');
    await page.getByText('No API keys yet').waitFor();
    expect(await page.getByRole('group', { name: 'Roles' }).getByRole('checkbox').count()).toBe(7);

    await page.getByLabel('Name').fill('ERP invoice sync');
    await page.getByRole('checkbox', { name: /integrator/ }).check();
    await page.getByRole('button', { name: 'Create API key' }).click();

    const secretBox = page.getByTestId('api-key-secret');
    await secretBox.waitFor();
    const secret = await secretBox.inputValue();
    expect(secret).toMatch(/^dkk_/);
    expect(await page.getByText('It is shown only once.').isVisible()).toBe(true);
    await saveScreenshot(page, 'api-key-created');

    // The key works against the API, as the admin who made it.
    expect(await meWith(secret)).toMatchObject({ status: 200, email: 'admin@demo.local' });

    // Listed by prefix only; once dismissed, the secret is gone from the page.
    const row = page.getByRole('row', { name: /ERP invoice sync/ });
    expect(await row.textContent()).toContain(`${secret.slice(0, 10)}…`);
    expect(await row.textContent()).toContain('Active');
    await page.getByRole('button', { name: 'I have stored the key' }).click();
    await secretBox.waitFor({ state: 'detached' });
    expect(await page.content()).not.toContain(secret);

    // Revoke, with a confirmation.
    await page.getByRole('button', { name: 'Revoke API key ERP invoice sync' }).click();
    const dialog = page.getByRole('dialog', { name: 'Revoke this API key?' });
    await dialog.waitFor();
    await dialog.getByRole('button', { name: 'Revoke key' }).click();
    await dialog.waitFor({ state: 'hidden' });
    await row.getByText('Revoked').waitFor();
    expect(await page.getByRole('button', { name: 'Revoke API key ERP invoice sync' }).count()).toBe(0);
    expect(await meWith(secret)).toMatchObject({ status: 401, code: 'UNAUTHENTICATED' });

    // Still revoked after a reload: it is the server's state, not the page's.
    await page.reload();
    await page.getByRole('row', { name: /ERP invoice sync/ }).getByText('Revoked').waitFor();

    // Sign out: back to sign-in, and the session token is dead.
    await page.getByRole('button', { name: 'Sign out' }).click();
    await page.waitForURL('**/sign-in');
    expect(await readStoredToken()).toBeNull();
    expect(await meWith(sessionToken ?? '')).toMatchObject({ status: 401, code: 'UNAUTHENTICATED' });

    // A page opened with the dead token drops it and asks to sign in again.
    await storeToken(sessionToken ?? '');
    await page.goto(`${platform.url}/api-keys`);
    await page.waitForURL(isSignInFor('/api-keys'));
    expect(await page.getByRole('status').first().textContent()).toContain('Your session has ended');
    expect(await readStoredToken()).toBeNull();
  }, JOURNEY_TIMEOUT);

  it('sends a person whose session ends mid-use back to sign-in, and then back to the page', async () => {
    await signInAs('designer');
    await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'API keys' }).click();
    await page.getByText('No API keys yet').waitFor();

    // The session is revoked elsewhere (another tab signed out, an admin, expiry).
    const token = await readStoredToken();
    const logout = await gql<{ logout: boolean }>(platform.url, 'mutation { logout }', {}, token ?? '');
    expect(logout.data?.logout).toBe(true);

    await page.getByRole('button', { name: 'Refresh' }).click();
    await page.waitForURL(isSignInFor('/api-keys'));
    expect(await page.getByRole('status').first().textContent()).toContain('Your session has ended');
    expect(await readStoredToken()).toBeNull();

    await signIn('designer@demo.local', 'demo');
    await page.waitForURL((url) => url.pathname === '/api-keys');
    await page.getByText('No API keys yet').waitFor();
  }, JOURNEY_TIMEOUT);

  it('lets a viewer see what it can do, without API key creation', async () => {
    await signInAs('viewer');
    expect(await page.getByTestId('account-email').textContent()).toBe('viewer@demo.local');
    expect(await page.getByRole('list', { name: 'Your roles' }).textContent()).toBe('viewer');
    expect(await page.getByText('Browse policies, prompts and templates').isVisible()).toBe(true);
    expect(await page.getByText('Design policies, prompts and templates').count()).toBe(0);
    expect(await page.getByText('Create API keys for integrations').count()).toBe(0);
    await saveScreenshot(page, 'shell-viewer-dashboard');

    await page.goto(`${platform.url}/api-keys`);
    await page.getByText('No API keys yet').waitFor();
    expect(await page.getByTestId('api-key-create-unavailable').isVisible()).toBe(true);
    expect(await page.getByRole('button', { name: 'Create API key' }).count()).toBe(0);
    expect(await page.getByRole('checkbox').count()).toBe(0);
  }, JOURNEY_TIMEOUT);

  it('offers an operator only its own role for a new key', async () => {
    await signInAs('operator');
    await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'API keys' }).click();
    const roles = page.getByRole('group', { name: 'Roles' }).getByRole('checkbox');
    await roles.first().waitFor();
    expect(await roles.count()).toBe(1);
    expect(await roles.first().getAttribute('value')).toBe('operator');
    expect(await roles.first().isChecked()).toBe(true);

    await page.getByLabel('Name').fill('Mail gateway');
    await page.getByRole('button', { name: 'Create API key' }).click();
    const secret = await page.getByTestId('api-key-secret').inputValue();
    expect(await meWith(secret)).toMatchObject({ status: 200, email: 'operator@demo.local' });
    await saveScreenshot(page, 'api-keys-operator');
  }, JOURNEY_TIMEOUT);
});
