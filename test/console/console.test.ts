import { mkdtempSync, rmSync } from 'node:fs';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { FastifyInstance } from 'fastify';
import type { Browser, Page } from 'playwright-core';
import { buildConsole } from '../../bin/build-console';
import { MigrationClient } from '../../client';
import { workflowIdFor } from '../../common/ids';
import type { Role } from '../../api/identity/roles';
import type { MigrationRequest } from '../../common/migration-request';
import { apiFor, callerAs, TEST_IDENTITIES } from '../support/api';
import { collectPageProblems, launchChromium, saveScreenshot } from '../support/browser';
import { e2eAdapter, e2eRequest, startE2eEmulator, type E2eEmulator } from '../support/e2e';
import { waitForStage } from '../support/migration-harness';
import { testConnection, withWorker, type TestConnection } from '../support/temporal';

/**
 * The web console in a real browser (Debian's chromium, driven by playwright-core), served by the API over the
 * shared Temporal dev server, with a worker driving the real adapter against the ASR emulator.
 */
describe('web console in Chromium', () => {
  let test: TestConnection;
  let emulator: E2eEmulator;
  let browser: Browser;
  let consoleDir: string;
  beforeAll(async () => {
    consoleDir = mkdtempSync(join(tmpdir(), 'siteshift-console-'));
    [test, emulator, browser] = await Promise.all([testConnection(), startE2eEmulator(), launchChromium(), buildConsole(consoleDir)]);
  });
  /** Migrations left without a worker on purpose, ended when the file is done. */
  const orphans: string[] = [];
  afterAll(async () => {
    await Promise.all(orphans.map((machineId) => test.client.workflow.getHandle(workflowIdFor(machineId)).terminate('test over')));
    await browser?.close();
    await emulator?.stop();
    await test?.close();
    rmSync(consoleDir, { recursive: true, force: true });
  });

  /** A worker on the emulator and the API (with the console) listening on a free port, for `fn`. */
  function withStack(fn: (stack: { app: FastifyInstance; base: string; migrations: MigrationClient }) => Promise<void>) {
    return withWorker({ siteRecovery: e2eAdapter(emulator.current) }, async ({ client, taskQueue }) => {
      const app = await apiFor(test, taskQueue, { consoleDir, eventPollMs: 200 });
      try {
        await app.listen({ host: '127.0.0.1', port: 0 });
        const base = `http://127.0.0.1:${(app.server.address() as AddressInfo).port}`;
        await fn({ app, base, migrations: new MigrationClient(client, taskQueue) });
      } finally {
        await app.close();
      }
    });
  }

  /**
   * `fn` with a page of a fresh browser context (no token kept), closed afterwards; `problems` collects every
   * dialog, page error and console error (a script that ran, a resource the policy refused).
   */
  async function withPage(fn: (page: Page, problems: string[]) => Promise<void>): Promise<void> {
    const context = await browser.newContext({ viewport: { width: 1280, height: 900 } });
    try {
      const page = await context.newPage();
      const problems = collectPageProblems(page);
      await fn(page, problems);
    } finally {
      await context.close();
    }
  }

  async function signIn(page: Page, base: string, role: Role): Promise<void> {
    await page.goto(`${base}/`);
    await page.getByLabel('API token').fill(TEST_IDENTITIES[role].token);
    await page.getByRole('button', { name: 'Sign in' }).click();
    await page.getByTestId('signed-in-as').filter({ hasText: TEST_IDENTITIES[role].name }).waitFor();
  }

  async function start(app: FastifyInstance, request: MigrationRequest): Promise<void> {
    const started = await callerAs(app, 'operator').inject({ method: 'POST', url: '/v1/migrations', payload: request });
    expect(started.statusCode).toBe(201);
  }

  const decisionForm = (page: Page, decision: string) => page.locator(`form[data-decision="${decision}"]`);

  it('serves the page with a strict Content-Security-Policy and security headers, and runs under it', () =>
    withStack(async ({ base }) => {
      await withPage(async (page, problems) => {
        const response = await page.goto(`${base}/`);
        const headers = response!.headers();
        const policy = headers['content-security-policy'];
        expect(policy).toContain("default-src 'self'");
        expect(policy).toContain("script-src 'self'");
        expect(policy).toContain("style-src 'self'");
        expect(policy).toContain("frame-ancestors 'none'");
        expect(policy).not.toMatch(/unsafe-inline|unsafe-eval/);
        expect(headers['x-content-type-options']).toBe('nosniff');
        expect(headers['x-frame-options']).toBe('DENY');
        expect(headers['referrer-policy']).toBe('no-referrer');
        // The app rendered (its script ran under the policy) and asks for a token.
        await page.getByLabel('API token').waitFor();
        await page.getByLabel('API token').fill('not-a-token');
        await page.getByRole('button', { name: 'Sign in' }).click();
        await page.getByRole('alert').filter({ hasText: 'This token is not valid.' }).waitFor();
        // The refused sign-in is the only error: a 401 the browser logs; nothing was refused by the policy.
        expect(problems.filter((problem) => !problem.includes('401'))).toEqual([]);
      });
    }));

  it('signs in, approves the test failover and the cutover (first for later, cancelled, then now) through the page, and the workflow moves on', () =>
    withStack(async ({ app, base, migrations }) => {
      const request = e2eRequest('vmware');
      await start(app, request);
      await withPage(async (page, problems) => {
        await signIn(page, base, 'approver');
        await page.locator(`tr[data-machine="${request.machineId}"]`).waitFor();
        await saveScreenshot(page, 'fleet');

        await waitForStage(() => migrations.status(request.machineId), 'AwaitingTestApproval');
        // Another migration waits too, but its worker is gone: its status never answers, and it hides nothing.
        const orphan = e2eRequest('physical');
        await withWorker({ siteRecovery: e2eAdapter(emulator.current) }, async ({ client, taskQueue }) => {
          const elsewhere = new MigrationClient(client, taskQueue);
          await elsewhere.startMigration(orphan);
          await waitForStage(() => elsewhere.status(orphan.machineId), 'AwaitingTestApproval');
        });
        orphans.push(orphan.machineId);
        await page.getByRole('link', { name: 'Waiting for me' }).click();
        await page.locator(`table.waiting tr[data-machine="${orphan.machineId}"]`).waitFor();
        const waiting = page.locator(`table.waiting tr[data-machine="${request.machineId}"]`);
        await waiting.waitFor();
        expect(await waiting.textContent()).toContain('approveTestFailover');
        // How long it has waited, once its status is read (in the background: the row is listed at once).
        await waiting.locator('td.waited').filter({ hasText: /\d/ }).waitFor();
        await saveScreenshot(page, 'waiting-for-me');

        await waiting.getByRole('link', { name: request.machineId }).click();
        await page.getByTestId('stage').filter({ hasText: 'AwaitingTestApproval' }).waitFor();
        // A decision sent elsewhere (a plain signal, too early) shows up in the log without a reload, with why it was refused.
        await migrations.decide(request.machineId, 'approveFailover', { by: 'someone-else', comment: 'too early' }, { via: 'signal' });
        const refused = page.locator('table.decision-log tr.refused').filter({ hasText: 'someone-else' });
        await refused.waitFor();
        expect(await refused.textContent()).toMatch(/signal.*too early.*refused: \S/);
        // Disabled by stage (cutover) and by role (an approver does not abort); enabled: approve the test.
        expect(await decisionForm(page, 'approveFailover').getByRole('button').isDisabled()).toBe(true);
        expect(await decisionForm(page, 'approveFailover').textContent()).toContain('Disabled: only in AwaitingFailoverApproval');
        expect(await decisionForm(page, 'abortMigration').getByRole('button').isDisabled()).toBe(true);
        expect(await decisionForm(page, 'abortMigration').textContent()).toContain('Disabled: needs the role operator');
        const approveTest = decisionForm(page, 'approveTestFailover');
        await approveTest.getByLabel('comment').fill('smoke tests green');
        await approveTest.getByRole('button', { name: 'Approve test failover' }).click();
        await approveTest.getByText('Accepted.').waitFor();

        // The workflow moved on, and the page follows it live (no reload) to the cutover approval.
        await waitForStage(() => migrations.status(request.machineId), 'AwaitingFailoverApproval');
        await page.getByTestId('stage').filter({ hasText: 'AwaitingFailoverApproval' }).waitFor();
        const logged = page.locator('table.decision-log tr.accepted').filter({ hasText: 'approveTestFailover' });
        expect(await logged.textContent()).toContain(TEST_IDENTITIES.approver.name);
        expect(await logged.textContent()).toContain('smoke tests green');
        await saveScreenshot(page, 'migration');
        // Four-eyes, as the workflow applies it: whoever approved the test does not approve the cutover.
        expect(await decisionForm(page, 'approveFailover').getByRole('button').isDisabled()).toBe(true);
        expect(await decisionForm(page, 'approveFailover').textContent()).toContain('four-eyes: you approved its test failover');

        // Another approver (four-eyes) signs in on the same page and approves the cutover.
        await page.getByRole('button', { name: 'Sign out' }).click();
        await page.getByLabel('API token').fill(TEST_IDENTITIES.admin.token);
        await page.getByRole('button', { name: 'Sign in' }).click();
        const approveCutover = decisionForm(page, 'approveFailover');
        // Not before a time: the time picked in the page (its time zone) reaches the workflow as that instant.
        await approveCutover.getByLabel('Not before').fill('2030-01-01T10:00');
        await approveCutover.getByRole('button', { name: 'Approve cutover' }).click();
        const scheduled = await waitForStage(() => migrations.status(request.machineId), 'ScheduledFailover');
        expect(scheduled.failover?.notBefore).toBe(await page.evaluate(() => new Date('2030-01-01T10:00').toISOString()));
        await page.getByTestId('stage').filter({ hasText: 'ScheduledFailover' }).waitFor();
        const cancel = decisionForm(page, 'cancelScheduledFailover');
        await cancel.getByLabel('reason (required)').fill('sooner is better');
        await cancel.getByRole('button', { name: 'Cancel scheduled cutover' }).click();
        await page.getByTestId('stage').filter({ hasText: 'AwaitingFailoverApproval' }).waitFor();

        await approveCutover.getByLabel('comment').fill('change window open');
        await approveCutover.getByRole('button', { name: 'Approve cutover' }).click();
        await approveCutover.getByText('Accepted.').waitFor();

        const final = await migrations.waitForResult(request.machineId);
        expect(final.stage).toBe('Completed');
        expect(final.decisions.filter((d) => d.accepted).map((d) => [d.name, d.by, d.comment])).toEqual([
          ['approveTestFailover', TEST_IDENTITIES.approver.name, 'smoke tests green'],
          ['approveFailover', TEST_IDENTITIES.admin.name, undefined],
          ['cancelScheduledFailover', TEST_IDENTITIES.admin.name, undefined],
          ['approveFailover', TEST_IDENTITIES.admin.name, 'change window open'],
        ]);
        await page.getByTestId('stage').filter({ hasText: 'Completed' }).waitFor();
        await page.getByText('Nothing: everything was cleaned up.').waitFor();
        expect(problems).toEqual([]);
      });
    }));

  it('shows what users typed as text: a comment and a reason with <script> and <img onerror> run nothing', () =>
    withStack(async ({ app, base, migrations }) => {
      const request = e2eRequest('hyperv-site');
      await start(app, request);
      const markup = `<script>window.__injected = 'script'</script><img src=x onerror="window.__injected = 'img'; alert(1)">`;
      await withPage(async (page, problems) => {
        await waitForStage(() => migrations.status(request.machineId), 'AwaitingTestApproval');
        await signIn(page, base, 'operator');
        await page.goto(`${base}/#/migrations/${request.machineId}`);
        const retest = decisionForm(page, 'requestRetest');
        await retest.getByLabel('comment').fill(`retest please ${markup}`);
        await retest.getByRole('button', { name: 'Request retest' }).click();
        await retest.getByText('Accepted.').waitFor();
        const abort = decisionForm(page, 'abortMigration');
        await abort.getByLabel('reason (required)').fill(`stop ${markup}`);
        await abort.getByRole('button', { name: 'Abort migration' }).click();
        await abort.getByText('Accepted.').waitFor();
        expect((await migrations.waitForResult(request.machineId)).stage).toBe('Aborted');
        await page.getByTestId('stage').filter({ hasText: 'Aborted' }).waitFor();

        const comments = await page.locator('table.decision-log td.comment').allTextContents();
        expect(comments).toEqual(expect.arrayContaining([`retest please ${markup}`, `reason: stop ${markup}`]));
        expect(await page.getByText(`Aborted because: stop ${markup}`).count()).toBe(1);
        // Nothing of it became markup, and nothing ran.
        expect(await page.locator('main img, main script').count()).toBe(0);
        expect(await page.evaluate(() => (globalThis as { __injected?: string }).__injected)).toBeUndefined();
        expect(problems).toEqual([]);
      });
    }));
});
