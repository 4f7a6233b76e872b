import { WorkflowUpdateFailedError } from '@temporalio/client';
import { parseMigrationRequest } from '../../common/migration-request';
import type { Stage } from '../../common/stages';
import { workflowIdFor } from '../../common/ids';
import { OPERATION_HEARTBEAT_TIMEOUT_MS } from '../../workflows/activity-stubs';
import { DECISION_SIGNALS, DECISION_UPDATES, MIGRATE_MACHINE_WORKFLOW } from '../../workflows/definitions';
import { InMemorySiteRecovery } from '../support/in-memory-site-recovery';
import { requestFor } from '../support/requests';
import { withWorker } from '../support/temporal';
import { stagesOf, startMigration, status, waitForStage, type MigrationHandle } from '../support/migration-harness';

type Operation = Parameters<InMemorySiteRecovery['hold']>[0];

interface AbortCase {
  stage: Stage;
  /** An operation to hold so the migration is caught in the middle of it. */
  holding?: Operation;
  /** How to walk the migration to the stage once started. */
  reach?: (handle: MigrationHandle) => Promise<void>;
  /** Cleanup the abort must do, in order. */
  cleanup: Operation[];
}

const toTestApproval = async (handle: MigrationHandle) => {
  await waitForStage(handle, 'AwaitingTestApproval');
};
const throughTestApproval = async (handle: MigrationHandle) => {
  await toTestApproval(handle);
  await handle.executeUpdate(DECISION_UPDATES.approveTestFailover, { args: [{ by: 'alice' }] });
};

const CASES: AbortCase[] = [
  { stage: 'Preflight', holding: 'preflight', cleanup: [] },
  { stage: 'EnablingReplication', holding: 'enableReplication', cleanup: ['removeReplication'] },
  { stage: 'InitialReplication', cleanup: ['removeReplication'] },
  { stage: 'TestFailover', holding: 'testFailover', cleanup: ['cleanupTestFailover', 'removeReplication'] },
  { stage: 'AwaitingTestApproval', reach: toTestApproval, cleanup: ['cleanupTestFailover', 'removeReplication'] },
  {
    stage: 'CleaningUpTestFailover',
    holding: 'cleanupTestFailover',
    reach: throughTestApproval,
    cleanup: ['cleanupTestFailover', 'removeReplication'],
  },
  {
    stage: 'AwaitingFailoverApproval',
    reach: async (handle) => {
      await throughTestApproval(handle);
      await waitForStage(handle, 'AwaitingFailoverApproval');
    },
    cleanup: ['removeReplication'],
  },
];

describe('abortMigration', () => {
  it.each(CASES.map((c) => [c.stage, c] as const))(
    'aborted in %s cleans up what exists and ends Aborted',
    async (stage, abortCase) => {
      const asr = new InMemorySiteRecovery();
      if (stage === 'InitialReplication') asr.syncStepPerRead = 'manual';
      const held = abortCase.holding ? asr.hold(abortCase.holding) : undefined;
      await withWorker({ siteRecovery: asr }, async ({ client, taskQueue }) => {
        const request = requestFor('vmware-to-azure');
        const handle = await startMigration(client, taskQueue, request);
        await abortCase.reach?.(handle);
        await held?.reached;
        await waitForStage(handle, stage);
        const callsBefore = asr.calls.length;

        await handle.signal(DECISION_SIGNALS.abortMigration, { by: 'ops', reason: 'maintenance window cancelled' });
        const result = await handle.result();
        // A held read (preflight) does not heartbeat, so it never hears of the cancellation: let it return.
        held?.release();

        expect(stagesOf(result).slice(-2)).toEqual(['Aborting', 'Aborted']);
        expect(result.abortReason).toBe('maintenance window cancelled');
        expect(result.decisions.at(-1)).toMatchObject({
          name: 'abortMigration',
          accepted: true,
          stage,
          details: { reason: 'maintenance window cancelled' },
        });
        const cleanup = asr.calls
          .slice(callsBefore)
          .map((c) => c.operation)
          .filter((op) => op !== 'getReplication');
        expect(cleanup).toEqual(abortCase.cleanup);
        expect(asr.items.has(request.machineId)).toBe(false);
        expect(result.leftBehind).toEqual([]);
        expect(asr.countOf('unplannedFailover') + asr.countOf('completeMigration')).toBe(0);
      });
      // The abort reaches a held operation with its next keep-alive heartbeat (every half heartbeat timeout: 30 s
      // of the 31-36 s those cases take on an idle machine), then the cleanup runs: bound that, not the default 60 s.
    },
    OPERATION_HEARTBEAT_TIMEOUT_MS / 2 + 60_000,
  );

  it('is refused once the failover has started, and the migration completes', async () => {
    const asr = new InMemorySiteRecovery();
    const failover = asr.hold('plannedFailover');
    await withWorker({ siteRecovery: asr }, async ({ client, taskQueue }) => {
      const handle = await startMigration(client, taskQueue, requestFor('hyperv-to-azure'));
      await throughTestApproval(handle);
      await waitForStage(handle, 'AwaitingFailoverApproval');
      await handle.executeUpdate(DECISION_UPDATES.approveFailover, { args: [{ by: 'bob' }] });
      await failover.reached;

      const refusal = await handle
        .executeUpdate(DECISION_UPDATES.abortMigration, { args: [{ by: 'ops', reason: 'too late' }] })
        .catch((e: unknown) => e);
      expect(refusal).toBeInstanceOf(WorkflowUpdateFailedError);
      expect(String((refusal as WorkflowUpdateFailedError).cause?.message)).toMatch(/abortMigration is not allowed in stage FailingOver/);
      await handle.cancel();
      failover.release();

      const result = await handle.result();
      expect(result.stage).toBe('Completed');
      expect(result.decisions.filter((d) => d.name === 'abortMigration')).toEqual([
        expect.objectContaining({ accepted: false, via: 'cancellation', by: 'temporal-cancel' }),
      ]);
      expect(asr.countOf('removeReplication')).toBe(0);
    });
  });

  it('treats `temporal workflow cancel` before failover as an abort', async () => {
    const asr = new InMemorySiteRecovery();
    await withWorker({ siteRecovery: asr }, async ({ client, taskQueue }) => {
      const handle = await startMigration(client, taskQueue, requestFor('physical-to-azure'));
      await waitForStage(handle, 'AwaitingTestApproval');
      await handle.cancel();
      const result = await handle.result();
      expect(result.stage).toBe('Aborted');
      expect(result.abortReason).toBe('Workflow cancellation was requested');
      expect(result.decisions.at(-1)).toMatchObject({ name: 'abortMigration', via: 'cancellation', by: 'temporal-cancel', accepted: true });
      expect(asr.countOf('cleanupTestFailover')).toBe(1);
      expect(asr.countOf('removeReplication')).toBe(1);
      expect((await status(handle)).stage).toBe('Aborted');
    });
  });

  it('honours an abort sent with signal-with-start before any step runs', async () => {
    const asr = new InMemorySiteRecovery();
    await withWorker({ siteRecovery: asr }, async ({ client, taskQueue }) => {
      const request = parseMigrationRequest(requestFor('hyperv-to-azure'));
      const handle = (await client.workflow.signalWithStart(MIGRATE_MACHINE_WORKFLOW, {
        taskQueue,
        workflowId: workflowIdFor(request.machineId),
        args: [request],
        signal: DECISION_SIGNALS.abortMigration,
        signalArgs: [{ by: 'ops', reason: 'started by mistake' }],
      })) as MigrationHandle;
      const result = await handle.result();
      expect(stagesOf(result)).toEqual(['Preflight', 'Aborting', 'Aborted']);
      expect(asr.calls).toEqual([]);
    });
  });
});
