import { MigrationClient } from '../../client';
import { failoverTypeFor, type MigrationRequest } from '../../common/migration-request';
import type { Stage } from '../../common/stages';
import { HAPPY_PATH, stagesOf } from '../support/migration-harness';
import { e2eAdapter, e2eRequest, SIDE_EFFECT_OPERATIONS as OP, sideEffectCounts, startE2eEmulator, type E2eEmulator } from '../support/e2e';
import { waitUntil } from '../support/polling';
import { withWorker } from '../support/temporal';
import { WORKING_SAMPLES } from '../support/samples';

let emulator: E2eEmulator;
beforeAll(async () => {
  emulator = await startE2eEmulator();
});
afterAll(() => emulator?.stop());

function vmIdFor(request: MigrationRequest, suffix = ''): string {
  return `${request.target.resourceGroupId}/providers/Microsoft.Compute/virtualMachines/${request.target.vmName}${suffix}`.toLowerCase();
}

describe('every scenario end to end: workflow, adapter and emulator', () => {
  it('migrates one machine of each sample scenario through every stage, approvals sent by the MigrationClient', async () => {
    const asr = emulator.current;
    const requests = WORKING_SAMPLES.map((name) => e2eRequest(name));
    await withWorker({ siteRecovery: e2eAdapter(asr) }, async ({ client, taskQueue }) => {
      const migrations = new MigrationClient(client, taskQueue);
      const started = await migrations.startBatch(requests);
      expect(started.map((s) => s.outcome)).toEqual(requests.map(() => 'started'));

      const reach = (machineId: string, stage: Stage) =>
        waitUntil(
          `${machineId} to reach ${stage}`,
          () => migrations.status(machineId),
          (s) => s.stage === stage || s.stage === 'Failed',
        );
      // Half the operators decide by update (waits for the workflow's answer), half by signal.
      const finals = await Promise.all(
        requests.map(async (request, index) => {
          const via = index % 2 === 0 ? 'update' : 'signal';
          const { machineId } = request;
          expect((await reach(machineId, 'AwaitingTestApproval')).stage).toBe('AwaitingTestApproval');
          await migrations.approveTestFailover(machineId, { by: 'alice', comment: 'smoke test passed' }, { via });
          expect((await reach(machineId, 'AwaitingFailoverApproval')).stage).toBe('AwaitingFailoverApproval');
          await migrations.approveFailover(machineId, { by: 'bob' }, { via });
          return migrations.waitForResult(machineId);
        }),
      );

      for (const [index, request] of requests.entries()) {
        const final = finals[index];
        const { machineId } = request;
        expect({ machineId, stage: final.stage, lastError: final.lastError }).toEqual({
          machineId,
          stage: 'Completed',
          lastError: undefined,
        });
        expect(stagesOf(final)).toEqual(HAPPY_PATH);
        expect(final.replication.percent).toBe(100);
        expect(final.decisions.map((d) => [d.name, d.by, d.accepted])).toEqual([
          ['approveTestFailover', 'alice', true],
          ['approveFailover', 'bob', true],
        ]);

        const failoverType = failoverTypeFor(request.scenario);
        expect(final.failover?.type).toBe(request.scenario === 'hyperv-to-azure' ? 'planned' : 'unplanned');
        expect(final.resources.replicatedItemId?.toLowerCase()).toBe(
          (
            `/subscriptions/${request.vault.subscriptionId}/resourcegroups/${request.vault.resourceGroup}/providers/microsoft.recoveryservices/vaults/${request.vault.name}` +
            `/replicationfabrics/${request.source.fabricName}/replicationprotectioncontainers/${request.source.protectionContainerName}` +
            `/replicationprotecteditems/${machineId}`
          ).toLowerCase(),
        );
        expect(final.resources.testVmId?.toLowerCase()).toBe(vmIdFor(request, '-test'));
        expect(final.resources.targetVmId?.toLowerCase()).toBe(vmIdFor(request));

        // Each side effect exactly once, the failover of the kind the scenario allows, nothing else.
        expect(sideEffectCounts(asr, machineId)).toEqual({
          [OP.enable]: 1,
          [OP.testFailover]: 1,
          [OP.cleanup]: 1,
          [failoverType === 'planned' ? OP.plannedFailover : OP.unplannedFailover]: 1,
          [OP.complete]: 1,
        });

        // ASR afterwards: the protected item is gone, removed by a Complete Migration job.
        const state = asr.state();
        expect(Object.values(state.items).filter((item) => item.name === machineId)).toEqual([]);
        const removal = Object.values(state.jobs).filter((job) => job.itemName === machineId && job.scenario === 'DisableDr');
        expect(removal).toEqual([
          expect.objectContaining({ outcome: 'Succeeded', details: { DisableProtectionReason: 'MigrationComplete' } }),
        ]);
      }
    });
  });
});
