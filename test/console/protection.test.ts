import { mkdtempSync, rmSync } from 'node:fs';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Browser } from 'playwright-core';
import { buildConsole } from '../../bin/build-console';
import { ProtectionClient } from '../../client/protection-client';
import { apiFor, callerAs, TEST_IDENTITIES } from '../support/api';
import { launchChromium } from '../support/browser';
import { InMemoryDisasterRecovery } from '../support/in-memory-disaster-recovery';
import { PROTECTED_WITH_HEALTH, protectionRequestFor, waitForProtection, waitForReadiness } from '../support/protection-harness';
import { withWorker } from '../support/temporal';

/** The console's "Protected" view and a protection's page in a real browser, over the shared Temporal dev server. */
describe('web console: protected machines in Chromium', () => {
  let browser: Browser;
  let consoleDir: string;
  beforeAll(async () => {
    consoleDir = mkdtempSync(join(tmpdir(), 'siteshift-console-'));
    [browser] = await Promise.all([launchChromium(), buildConsole(consoleDir)]);
  });
  afterAll(async () => {
    await browser?.close();
    rmSync(consoleDir, { recursive: true, force: true });
  });

  it('lists a protected machine with its health and RPO, and a drill started and aborted from its page shows in its drill history', async () => {
    const dr = new InMemoryDisasterRecovery();
    await withWorker({ siteRecovery: dr }, async ({ client, taskQueue }) => {
      const app = await apiFor({ client }, taskQueue, { consoleDir });
      const context = await browser.newContext({ viewport: { width: 1280, height: 900 } });
      try {
        await app.listen({ host: '127.0.0.1', port: 0 });
        const base = `http://127.0.0.1:${(app.server.address() as AddressInfo).port}`;
        const protections = new ProtectionClient(client, taskQueue);
        const request = protectionRequestFor('vmware-to-azure');
        const id = request.machineId;
        expect((await callerAs(app, 'operator').inject({ method: 'POST', url: '/v1/protections', payload: request })).statusCode).toBe(201);
        await waitForReadiness(protections, id, PROTECTED_WITH_HEALTH);
        dr.setRpo(id, 3600);
        await waitForProtection(protections, id, (s) => s.health?.rpoExceeded === true, 'the RPO over its threshold');

        const page = await context.newPage();
        const problems: string[] = [];
        page.on('pageerror', (error) => problems.push(`page error: ${error.message}`));
        page.on('console', (message) => {
          if (message.type() === 'error') problems.push(`console error: ${message.text()}`);
        });
        await page.goto(`${base}/`);
        await page.getByLabel('API token').fill(TEST_IDENTITIES.operator.token);
        await page.getByRole('button', { name: 'Sign in' }).click();
        await page.getByTestId('signed-in-as').filter({ hasText: TEST_IDENTITIES.operator.name }).waitFor();

        await page.getByRole('link', { name: 'Protected' }).click();
        const row = page.locator(`tr[data-machine="${id}"]`);
        await row.filter({ hasText: '3600 s (threshold 1800 s, exceeded)' }).waitFor();
        expect(await row.textContent()).toContain('Normal');
        expect(await row.textContent()).toContain('Protected');
        expect(await row.textContent()).toContain('rpo');

        await row.getByRole('link', { name: id }).click();
        await page.getByTestId('protection-rpo').filter({ hasText: '3600 s' }).waitFor();
        // The operator may run and abort drills; failing over is an approver's.
        const failover = page.locator('form[data-decision="failover"]');
        expect(await failover.getByRole('button').isDisabled()).toBe(true);
        expect(await failover.textContent()).toContain('needs the role approver');
        expect(await page.locator('form[data-decision="abortDrill"]').getByRole('button').isDisabled()).toBe(true);

        const runDrill = page.locator('form[data-decision="runDrill"]');
        await runDrill.getByLabel('comment').fill('quarterly <b>drill</b>');
        await runDrill.getByRole('button', { name: 'Run drill' }).click();
        await runDrill.getByRole('status').filter({ hasText: 'Accepted.' }).waitFor();
        await page.getByTestId('protection-stage').filter({ hasText: 'AwaitingDrillSignOff' }).waitFor();
        const abort = page.locator('form[data-decision="abortDrill"]');
        await abort.getByLabel('reason').fill('network needed');
        await abort.getByRole('button', { name: 'Abort drill' }).click();

        const drill = page.locator('table.drills tr[data-drill-result="aborted"]');
        await drill.waitFor();
        const text = await drill.textContent();
        expect(text).toContain(TEST_IDENTITIES.operator.name);
        expect(text).toContain('quarterly <b>drill</b>');
        expect(text).toContain('network needed');
        const status = await protections.status(id);
        expect(status.drills).toEqual([expect.objectContaining({ result: 'aborted', by: TEST_IDENTITIES.operator.name })]);
        // The list also reads the status of other test files' protections on the shared dev server, which may
        // answer 500/504 once their workers are gone (a failed resource load, shown as a blank row): not this page's.
        expect(problems.filter((problem) => !problem.includes('Failed to load resource'))).toEqual([]);
        await protections.stopProtection(id, { by: 'test', reason: 'test over' });
      } finally {
        await context.close();
        await app.close();
      }
    });
  });
});
