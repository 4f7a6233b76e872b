import { ProtectionClient } from '../../client/protection-client';
import { InMemoryDisasterRecovery } from '../support/in-memory-disaster-recovery';
import { protectionRequestFor, waitForProtection, waitForProtectionStage } from '../support/protection-harness';
import { runCliInProcess as runSiteshift } from '../support/run-cli-in-process';
import { withWorker } from '../support/temporal';
import { TEST_NAMESPACE_VAR, TEST_TEMPORAL_ADDRESS_VAR } from '../setup/shared-test-environment';

const LOG_STORAGE =
  '/subscriptions/11111111-2222-3333-4444-555555555555/resourceGroups/asr-rg/providers/Microsoft.Storage/storageAccounts/asrlogs';

describe('siteshift protect against the shared dev server', () => {
  it('checks input before connecting: an AWS source and a bad decision payload start nothing', async () => {
    const aws = await runSiteshift(['protect', 'start', '-'], {
      stdin: JSON.stringify(protectionRequestFor('aws-to-azure')),
      unreachable: true,
    });
    expect(aws).toMatchObject({ code: 3, connects: 0 });
    expect(aws.stderr).toContain('Invalid protection request:');
    expect(aws.stderr).toContain('scenario: aws-to-azure is migration only');
    const badType = await runSiteshift(['protect', 'failover', 'vm-1', '--by', 'ana', '--type', 'sideways'], { unreachable: true });
    expect(badType).toMatchObject({ code: 3, connects: 0 });
    expect(badType.stderr).toContain('Invalid failover decision:');
    const noReason = await runSiteshift(['protect', 'stop', 'vm-1', '--by', 'ana'], { unreachable: true });
    expect(noReason).toMatchObject({ code: 3, connects: 0 });
    expect(noReason.stderr).toContain('reason: is required');
  });

  it('protects a VMware VM and takes it through a drill, failover, reprotect, failback and stop', async () => {
    const dr = new InMemoryDisasterRecovery();
    await withWorker({ siteRecovery: dr }, async ({ client, taskQueue }) => {
      const env = {
        TEMPORAL_ADDRESS: process.env[TEST_TEMPORAL_ADDRESS_VAR],
        TEMPORAL_NAMESPACE: process.env[TEST_NAMESPACE_VAR],
        SITESHIFT_TASK_QUEUE: taskQueue,
      };
      const cli = async (args: string[], stdin?: string) => {
        const run = await runSiteshift(['protect', ...args], { env, stdin });
        if (run.code !== 0) throw new Error(`siteshift protect ${args.join(' ')} exited ${run.code}: ${run.stderr}`);
        return run;
      };
      const protections = new ProtectionClient(client, taskQueue);
      const request = protectionRequestFor('vmware-to-azure');
      const id = request.machineId;
      const at = (stage: Parameters<typeof waitForProtectionStage>[2]) => waitForProtectionStage(protections, id, stage);

      expect((await cli(['start', '-'], JSON.stringify(request))).stdout).toContain(`protection started: ${id} (protect-${id})`);
      await at('Protected');
      await cli(['drill', id, '--by', 'ana', '--comment', 'monthly']);
      await at('AwaitingDrillSignOff');
      await cli(['drill', id, '--by', 'ben', '--sign-off']);
      await waitForProtection(protections, id, (s) => s.stage === 'Protected' && s.drillCount === 1);
      const human = await cli(['status', id]);
      expect(human.stdout).toMatch(/^Stage: +Protected$/m);
      expect(human.stdout).toMatch(/^Health: +Normal +RPO: 60 s \(threshold 1800 s\)$/m);
      expect(human.stdout).toMatch(/passed \(\d+ s\) by ana, ended by ben/);

      await cli([
        'failover',
        id,
        '--by',
        'ana',
        '--type',
        'unplanned',
        '--recovery-point',
        'LatestApplicationConsistent',
        '--shutdown-source',
        'false',
      ]);
      const failedOver = await at('FailedOver');
      expect(failedOver.failover).toMatchObject({ recoveryPoint: 'LatestApplicationConsistent', shutdownSource: false });
      await cli(['failover', id, '--by', 'ana', '--change-recovery-point', `${LOG_STORAGE}/recoveryPoints/p1`]);
      await waitForProtection(protections, id, (s) => s.stage === 'FailedOver' && s.decisionCounts.changeRecoveryPoint === 1);
      await cli(['commit', id, '--by', 'ana']);
      await at('FailoverCommitted');
      const refused = await runSiteshift(['protect', 'failback', id, '--by', 'ana'], { env });
      expect(refused.code).toBe(5);
      expect(refused.stderr).toContain('must first be reprotected to the on-premises site');
      await cli([
        'reprotect',
        id,
        '--by',
        'ben',
        '--reprotect-agent-id',
        'agent-1',
        '--datastore',
        'ds-1',
        '--log-storage-account-id',
        LOG_STORAGE,
      ]);
      await at('ReplicatingToPrimary');
      await cli(['failback', id, '--by', 'ben', '--recovery-point-type', 'ApplicationConsistent']);
      await at('FailedBack');
      await cli(['commit', id, '--by', 'ben']);
      await at('FailbackCommitted');
      await cli(['reprotect', id, '--by', 'ben']);
      await at('Protected');
      const stopped = await cli(['stop', id, '--by', 'ana', '--reason', 'decommissioned', '--json']);
      expect(JSON.parse(stopped.stdout)).toMatchObject({ machineId: id, stage: 'StoppingProtection' });
      await protections.handleFor(id).result();
      const missing = await runSiteshift(['protect', 'status', 'no-such-machine'], { env });
      expect(missing.code).toBe(4);
    });
  });
});
