import { mkdtempSync, rmSync } from 'node:fs';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Browser } from 'playwright-core';
import { buildConsole } from '../../bin/build-console';
import { WaveClient } from '../../client/wave-client';
import { apiFor, callerAs, TEST_IDENTITIES } from '../support/api';
import { collectPageProblems, launchChromium } from '../support/browser';
import { InMemorySiteRecovery } from '../support/in-memory-site-recovery';
import { requestFor } from '../support/requests';
import { testConnection, withWorker, type TestConnection } from '../support/temporal';
import { reachWave, waveName } from '../support/waves';

jest.setTimeout(120_000);

/** The console's wave page in a real browser (Debian's chromium, driven by playwright-core), over the shared dev server. */
describe('web console: a wave in Chromium', () => {
  let test: TestConnection;
  let browser: Browser;
  let consoleDir: string;
  beforeAll(async () => {
    consoleDir = mkdtempSync(join(tmpdir(), 'siteshift-console-'));
    [test, browser] = await Promise.all([testConnection(), launchChromium(), buildConsole(consoleDir)]);
  });
  afterAll(async () => {
    await browser?.close();
    await test?.close();
    rmSync(consoleDir, { recursive: true, force: true });
  });

  it('links the fleet to the wave page, lists the wave in "waiting for me", and approves the wave test through the page; the wave moves on', () =>
    withWorker({ siteRecovery: new InMemorySiteRecovery() }, async ({ client, taskQueue }) => {
      const app = await apiFor(test, taskQueue, { consoleDir });
      const context = await browser.newContext({ viewport: { width: 1280, height: 900 } });
      try {
        await app.listen({ host: '127.0.0.1', port: 0 });
        const base = `http://127.0.0.1:${(app.server.address() as AddressInfo).port}`;
        const database = requestFor('hyperv-to-azure');
        const application = requestFor('aws-to-azure');
        const name = waveName('console');
        const wave = {
          name,
          groups: [
            { name: 'database', machines: [database] },
            {
              name: 'application',
              machines: [application],
              manualAction: { instructions: 'switch the <b>load balancer</b>' },
              multiVmGroupName: 'crm-app',
            },
          ],
          replicationConcurrency: 1,
          failurePolicy: 'halt',
        };
        const started = await callerAs(app, 'operator').inject({ method: 'POST', url: '/v1/waves', payload: wave });
        expect(started.statusCode).toBe(201);
        const waves = new WaveClient(client, taskQueue);
        await reachWave(waves, name, 'AwaitingWaveTestApproval');

        const page = await context.newPage();
        const problems = collectPageProblems(page);
        await page.goto(`${base}/`);
        await page.getByLabel('API token').fill(TEST_IDENTITIES.approver.token);
        await page.getByRole('button', { name: 'Sign in' }).click();

        // "Waiting for me" lists the wave with the decisions an approver may take, and how long it has waited.
        await page.getByRole('link', { name: 'Waiting for me' }).click();
        const waiting = page.locator(`table.waves-waiting tr[data-wave="${name}"]`);
        await waiting.locator('td.waited').filter({ hasText: /\d/ }).waitFor();
        expect(await waiting.textContent()).toContain('approveWaveTest');
        expect(await waiting.textContent()).not.toContain('requestWaveRetest');

        // The fleet's wave column links to the wave page.
        await page.getByRole('link', { name: 'Fleet' }).click();
        await page.locator(`tr[data-machine="${database.machineId}"]`).getByRole('link', { name }).click();
        await page.getByTestId('wave-stage').filter({ hasText: 'AwaitingWaveTestApproval' }).waitFor();
        expect(await page.getByTestId('waiting-for').textContent()).toContain('approveWaveTest');
        expect(await page.locator('[data-group="database"]').textContent()).toContain(database.machineId);
        const second = await page.locator('[data-group="application"]').textContent();
        expect(second).toContain(application.machineId);
        // Typed text stays text: the manual action's markup is shown, not rendered.
        expect(second).toContain('manual action: switch the <b>load balancer</b>');
        expect(second).toContain('multi-VM group: crm-app');
        expect(await page.locator('[data-group="database"]').textContent()).not.toContain('multi-VM group');

        const form = (decision: string) => page.locator(`form[data-decision="${decision}"]`);
        expect(await form('approveWaveCutover').getByRole('button').isDisabled()).toBe(true);
        expect(await form('approveWaveCutover').textContent()).toContain('Disabled: only in AwaitingWaveCutoverApproval');
        expect(await form('abortWave').getByRole('button').isDisabled()).toBe(true);
        expect(await form('abortWave').textContent()).toContain('Disabled: needs the role operator');
        expect(await form('requestWaveRetest').textContent()).toContain('Disabled: needs the role operator');

        const comment = 'all green <img src=x onerror=alert(1)><script>alert(2)</script>';
        await form('approveWaveTest').getByLabel('comment').fill(comment);
        await form('approveWaveTest').getByRole('button', { name: 'Approve wave test' }).click();
        await form('approveWaveTest').getByText('Accepted.').waitFor();

        // The workflow moved on, and the page follows it.
        await reachWave(waves, name, 'AwaitingWaveCutoverApproval');
        await page.getByTestId('wave-stage').filter({ hasText: 'AwaitingWaveCutoverApproval' }).waitFor();
        const logged = page.locator('table.decision-log tr.accepted').filter({ hasText: 'approveWaveTest' });
        expect(await logged.textContent()).toContain(TEST_IDENTITIES.approver.name);
        expect(await logged.locator('td.comment').textContent()).toBe(comment);
        expect(await page.locator('table.decision-log img').count()).toBe(0);
        expect(await form('approveWaveCutover').getByRole('button').isDisabled()).toBe(false);

        const status = await waves.waveStatus(name);
        expect(status.decisions.filter((d) => d.accepted).map((d) => [d.name, d.by, d.comment])).toEqual([
          ['approveWaveTest', TEST_IDENTITIES.approver.name, comment],
        ]);
        expect(problems).toEqual([]);
        await waves.abortWave(name, { by: 'test', reason: 'test over' });
        await reachWave(waves, name, 'Aborted');
      } finally {
        await context.close();
        await app.close();
      }
    }));
});
