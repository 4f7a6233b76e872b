import { randomUUID } from 'node:crypto';
import { MigrationClient } from '../../client';
import { InMemorySiteRecovery } from '../support/in-memory-site-recovery';
import { requestFor } from '../support/requests';
import { withWorker } from '../support/temporal';
import { TEST_NAMESPACE_VAR, TEST_TEMPORAL_ADDRESS_VAR } from '../setup/shared-test-environment';
import { waitForStage } from '../support/migration-harness';
import { waitUntil } from '../support/polling';
import { runCliInProcess as runSiteshift } from '../support/run-cli-in-process';
import { hasControl } from '../../cli/terminal-text';

describe('siteshift CLI against the shared dev server', () => {
  it('starts, reports, refuses a wrong-stage decision, approves by update and signal, and watches to Completed', async () => {
    const siteRecovery = new InMemorySiteRecovery();
    await withWorker({ siteRecovery }, async ({ client, taskQueue }) => {
      const env = {
        TEMPORAL_ADDRESS: process.env[TEST_TEMPORAL_ADDRESS_VAR],
        TEMPORAL_NAMESPACE: process.env[TEST_NAMESPACE_VAR],
        SITESHIFT_TASK_QUEUE: taskQueue,
      };
      const cli = (args: string[], stdin?: string) => runSiteshift(args, { env, stdin });
      const migrations = new MigrationClient(client, taskQueue);
      const request = requestFor('aws-to-azure', { wave: `wave-${randomUUID()}` });
      const id = request.machineId;

      const started = await cli(['start', '-', '--by', 'olga'], JSON.stringify(request));
      expect(started).toMatchObject({ code: 0, stderr: '' });
      expect(started.stdout).toContain(`started         ${id}`);
      const again = await cli(['start', '-', '--json'], JSON.stringify(request));
      expect(again.code).toBe(0);
      expect(JSON.parse(again.stdout)).toEqual([{ machineId: id, workflowId: `migrate-${id}`, outcome: 'alreadyRunning' }]);

      await waitForStage(() => migrations.status(id), 'AwaitingTestApproval');
      const tooEarly = await cli(['approve-failover', id, '--by', 'ana']);
      expect(tooEarly.code).toBe(5);
      expect(tooEarly.stderr).toMatch(new RegExp(`approveFailover rejected for machine "${id}": .*AwaitingTestApproval`));

      const earlySignal = await cli(['approve-failover', id, '--by', 'bob', '--signal']);
      expect(earlySignal.code).toBe(0);
      const approved = await cli(['approve-test', id, '--by', 'ana', '--comment', 'app team signed off', '--json']);
      expect(approved.code).toBe(0);
      const status = JSON.parse(approved.stdout);
      expect(status.decisions.at(-1)).toMatchObject({
        name: 'approveTestFailover',
        by: 'ana',
        via: 'update',
        accepted: true,
        comment: 'app team signed off',
      });
      await waitForStage(() => migrations.status(id), 'AwaitingFailoverApproval');

      const human = await cli(['status', id]);
      expect(human.code).toBe(0);
      expect(human.stdout).toMatch(/^Stage\s+AwaitingFailoverApproval$/m);
      expect(human.stdout).toMatch(/^Replication\s+\[#+\] 100%/m);
      expect(human.stdout).toMatch(/^\s+AwaitingTestApproval\s+\S+Z {2}\S+$/m);
      expect(human.stdout).toMatch(/approveFailover by bob via signal in AwaitingTestApproval: REJECTED \(.+\)/);
      expect(human.stdout).toMatch(/approveTestFailover by ana via update in AwaitingTestApproval: accepted {2}"app team signed off"/);

      const listed = await waitUntil(
        'visibility to catch up',
        () => cli(['list', '--stage', 'AwaitingFailoverApproval', '--wave', request.wave!, '--json']),
        (run) => run.code === 0 && JSON.parse(run.stdout).length === 1,
      );
      expect(JSON.parse(listed.stdout)).toEqual([expect.objectContaining({ machineId: id, stage: 'AwaitingFailoverApproval' })]);

      // Four-eyes: neither who started it (start --by) nor who approved its test may approve the cutover.
      const byStarter = await cli(['approve-failover', id, '--by', 'olga']);
      expect(byStarter).toMatchObject({
        code: 5,
        stderr: expect.stringMatching(/four-eyes: .*whoever started the migration \(olga started it\)/),
      });
      const byTester = await cli(['approve-failover', id, '--by', 'ana']);
      expect(byTester).toMatchObject({
        code: 5,
        stderr: expect.stringMatching(/four-eyes: .*whoever approved its test failover \(ana approved it\)/),
      });
      const signalled = await cli(['approve-failover', id, '--by', 'ben', '--signal']);
      expect(signalled.code).toBe(0);
      expect(signalled.stdout).toContain('approveFailover signal sent');
      const watched = await cli(['watch', id, '--interval', '0.2']);
      expect(watched.code).toBe(0);
      expect(watched.stdout).toMatch(/^Stage\s+Completed$/m);

      const notFound = await cli(['status', `no-such-${id}`]);
      expect(notFound.code).toBe(4);
      expect(notFound.stderr).toContain(`No migration found for machine "no-such-${id}"`);
      const twice = await cli(['start', '-'], JSON.stringify(request));
      expect(twice.code).toBe(5);
      expect(twice.stdout).toContain('has already been migrated');
    });
  });

  it('watch exits 6 when the migration is aborted, and status shows why', async () => {
    await withWorker({ siteRecovery: new InMemorySiteRecovery() }, async ({ client, taskQueue }) => {
      const env = {
        TEMPORAL_ADDRESS: process.env[TEST_TEMPORAL_ADDRESS_VAR],
        TEMPORAL_NAMESPACE: process.env[TEST_NAMESPACE_VAR],
        SITESHIFT_TASK_QUEUE: taskQueue,
      };
      const migrations = new MigrationClient(client, taskQueue);
      const request = requestFor('hyperv-to-azure');
      await migrations.startMigration(request);
      await waitForStage(() => migrations.status(request.machineId), 'AwaitingTestApproval');
      // A comment that would, printed raw, forge a "Stage  Completed" line below it. The workflow refuses escape
      // sequences and bidi controls in decision text, but a comment may hold line breaks and tabs.
      const forgery = 'see ticket\r\nStage        Completed\t';
      const abort = await runSiteshift(['abort', request.machineId, '--by', 'ana', '--reason', 'owner cancelled', '--comment', forgery], {
        env,
      });
      expect(abort.code).toBe(0);
      const watched = await runSiteshift(['watch', request.machineId, '--interval', '0.2'], { env });
      expect(watched.code).toBe(6);
      expect(watched.stdout).toMatch(/^Stage\s+Aborted$/m);
      expect(watched.stdout).toMatch(/^Abort reason owner cancelled$/m);

      const status = await runSiteshift(['status', request.machineId], { env });
      expect(status.code).toBe(0);
      for (const output of [status.stdout, watched.stdout]) {
        expect(output).not.toMatch(/^Stage\s+Completed/m);
        expect(output.match(/^Stage\s/gm)).toHaveLength(1);
        for (const line of output.split('\n')) expect(hasControl(line)).toBe(false);
        expect(output).toContain('"see ticket\\r\\nStage        Completed\\t"');
      }
      const json = await runSiteshift(['status', request.machineId, '--json'], { env });
      expect(JSON.parse(json.stdout).decisions.at(-1).comment).toBe(forgery);
    });
  });
});
