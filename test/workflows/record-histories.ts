import { existsSync, mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { historyToJSON } from '@temporalio/common/lib/proto-utils';
import { workflowIdFor } from '../../common/ids';
import { parseMigrationRequest } from '../../common/migration-request';
import { SiteRecoveryError } from '../../site-recovery/site-recovery';
import { DECISION_SIGNALS, DECISION_UPDATES, MIGRATE_MACHINE_WORKFLOW } from '../../workflows/definitions';
import { MIGRATE_WAVE_WORKFLOW } from '../../workflows/wave-definitions';
import { WithStartWorkflowOperation } from '@temporalio/client';
import { InMemorySiteRecovery } from '../support/in-memory-site-recovery';
import { requestFor } from '../support/requests';
import { testConnection, uniqueTaskQueue, withWorker } from '../support/temporal';
import { ProtectionClient } from '../../client/protection-client';
import type { ProtectionStage } from '../../common/protection-stages';
import { PROTECTION_SIGNALS } from '../../workflows/protection-definitions';
import { InMemoryDisasterRecovery } from '../support/in-memory-disaster-recovery';
import { protectionRequestFor, waitForProtection, waitForProtectionStage } from '../support/protection-harness';
import { startMigration, startRawMigration, waitForStage, waitForStatus, type MigrationHandle } from '../support/migration-harness';
import { NotificationSettingsSchema } from '../../config/notifications';
import { waitUntil } from '../support/polling';
import { startWebhookReceiver } from '../support/webhook-receiver';
import { WaveClient } from '../../client/wave-client';
import { reachWave, waveName } from '../support/waves';
import { generateKeyPairSync } from 'node:crypto';
import { decisionSigner } from '../../api/identity/decision-signer';
import { workflowIdOf } from '../../common/ids';
import { WAVE_MACHINE_STAGE_SIGNAL } from '../../common/wave-machine-report';
import type { MigrationStatus } from '../../common/migration-status';
import { publicKeyHex } from '../../config/decision-policy';
import { HELD_DECISIONS_MAX } from '../../workflows/held-decisions';

/**
 * Records the histories that replay.test.ts replays against today's workflow code. Not part of the suite
 * (its name does not end in .test.ts): run it when a workflow change is meant to be recorded
 * (`npm run record-histories`), and keep the old files: each recorded history must keep replaying.
 */
const HISTORIES = path.join(__dirname, 'histories');
/** Names the recording, e.g. HISTORY_PREFIX=v2 after a patched() change; files already there are never overwritten. */
const PREFIX = process.env.HISTORY_PREFIX ?? 'v1';

async function save(name: string, handle: MigrationHandle): Promise<void> {
  await handle.result().catch(() => undefined);
  const history = await handle.fetchHistory();
  mkdirSync(HISTORIES, { recursive: true });
  // The proto3 JSON format of `temporal workflow show --output json`, so operators' exports replay too.
  const file = path.join(HISTORIES, `${PREFIX}-${name}.json`);
  if (existsSync(file))
    throw new Error(`${file} exists: record with another HISTORY_PREFIX (e.g. HISTORY_PREFIX=v2 npm run record-histories)`);
  writeFileSync(file, historyToJSON(history));
}

describe('history recorder', () => {
  it('records a completed migration with a retest, an abort, a failure, a scheduled failover moved and cancelled, and a cancellation', async () => {
    const asr = new InMemorySiteRecovery();
    asr.failNext('unplannedFailover', new SiteRecoveryError('28092', 'The failover job failed.', { retryable: false, jobId: 'job-1' }));
    await withWorker({ siteRecovery: asr }, async ({ client, taskQueue }) => {
      const completed = await startMigration(client, taskQueue, requestFor('hyperv-to-azure', { wave: 'wave-1' }));
      await waitForStage(completed, 'AwaitingTestApproval');
      await completed.signal(DECISION_SIGNALS.requestRetest, { by: 'alice', comment: 'again' });
      await completed.signal(DECISION_SIGNALS.approveFailover, { by: 'mallory' });
      await waitForStatus(completed, (s) => s.testFailoverCount === 2 && s.stage === 'AwaitingTestApproval');
      await completed.executeUpdate(DECISION_UPDATES.approveTestFailover, { args: [{ by: 'alice' }] });
      await waitForStage(completed, 'AwaitingFailoverApproval');
      await completed.executeUpdate(DECISION_UPDATES.approveFailover, {
        args: [{ by: 'bob', notBefore: new Date(Date.now() + 1000).toISOString() }],
      });
      await save('completed-with-retest', completed);

      const aborted = await startMigration(client, taskQueue, requestFor('vmware-to-azure'));
      await waitForStage(aborted, 'AwaitingTestApproval');
      await aborted.signal(DECISION_SIGNALS.abortMigration, { by: 'ops', reason: 'wrong machine' });
      await save('aborted-awaiting-test-approval', aborted);

      const failed = await startMigration(client, taskQueue, requestFor('azure-to-azure'));
      await waitForStage(failed, 'AwaitingTestApproval');
      await failed.executeUpdate(DECISION_UPDATES.approveTestFailover, { args: [{ by: 'alice' }] });
      await waitForStage(failed, 'AwaitingFailoverApproval');
      await failed.signal(DECISION_SIGNALS.approveFailover, { by: 'bob' });
      await save('failed-at-failover', failed);

      const scheduled = await startMigration(
        client,
        taskQueue,
        requestFor('vmware-to-azure', { approval: { approvers: ['alice', 'bob'] } }),
      );
      await waitForStage(scheduled, 'AwaitingTestApproval');
      await scheduled.signal('approveTestFailovr', { by: 'alice' });
      await scheduled.executeUpdate(DECISION_UPDATES.approveTestFailover, { args: [{ by: 'alice' }] });
      await waitForStage(scheduled, 'AwaitingFailoverApproval');
      await scheduled.executeUpdate(DECISION_UPDATES.approveFailover, {
        args: [{ by: 'bob', notBefore: new Date(Date.now() + 86_400_000).toISOString() }],
      });
      await scheduled.executeUpdate(DECISION_UPDATES.rescheduleFailover, {
        args: [{ by: 'alice', notBefore: new Date(Date.now() + 2 * 86_400_000).toISOString() }],
      });
      await scheduled.executeUpdate(DECISION_UPDATES.cancelScheduledFailover, { args: [{ by: 'alice', reason: 'change freeze' }] });
      await scheduled.executeUpdate(DECISION_UPDATES.approveFailover, {
        args: [{ by: 'bob', notBefore: new Date(Date.now() + 1000).toISOString() }],
      });
      await save('scheduled-moved-cancelled-completed', scheduled);

      const cancelled = await startMigration(client, taskQueue, requestFor('physical-to-azure', { approval: { approvers: ['alice'] } }));
      await waitForStage(cancelled, 'AwaitingTestApproval');
      await cancelled.cancel();
      await save('cancelled-with-approvers', cancelled);
    });
  });

  it('records refused starts (invalid request, wrong workflow id) and a failed enable whose leftBehind was verified', async () => {
    const asr = new InMemorySiteRecovery();
    asr.failNext(
      'enableReplication',
      new SiteRecoveryError('ProcessServerNotFound', 'Process server ps-1 is not registered.', { statusCode: 400, retryable: false }),
    );
    await withWorker({ siteRecovery: asr }, async ({ client, taskQueue }) => {
      const valid = requestFor('hyperv-to-azure');
      const invalid = { ...valid, vault: { ...(valid.vault as object), subscriptionId: 'not-a-guid' }, colour: 'blue' };
      const start = (workflowId: string, input: unknown) => startRawMigration(client, taskQueue, input, workflowId);
      await save('refused-invalid-request', await start(workflowIdFor(valid.machineId), invalid));
      const request = parseMigrationRequest(requestFor('vmware-to-azure'));
      await save('refused-wrong-workflow-id', await start(`stray-${request.machineId}`, request));
      await save('failed-enable-verified', await startMigration(client, taskQueue, requestFor('vmware-to-azure')));
    });
  });

  it('records a protection: drill, failover, commit, failback, commit, reprotect, an RPO alert, a refused signal, stop', async () => {
    const dr = new InMemoryDisasterRecovery();
    await withWorker({ siteRecovery: dr }, async ({ client, taskQueue }) => {
      const protections = new ProtectionClient(client, taskQueue);
      const request = protectionRequestFor('hyperv-to-azure');
      const id = request.machineId;
      const { handle } = await protections.start(request);
      const at = (stage: ProtectionStage) => waitForProtectionStage(protections, id, stage);
      await at('Protected');
      dr.setRpo(id, 7200);
      await waitForProtection(protections, id, (s) => s.activeAlerts.length === 1 && s.activeAlerts[0].notified !== 'pending');
      dr.setRpo(id, 60);
      await waitForProtection(protections, id, (s) => s.activeAlerts.length === 0 && s.alerts.length === 1);
      await protections.runDrill(id, { by: 'ana' });
      await at('AwaitingDrillSignOff');
      await protections.approveDrill(id, { by: 'ben' }, { via: 'signal' });
      await waitForProtection(protections, id, (s) => s.stage === 'Protected' && s.drillCount === 1);
      await handle.signal(PROTECTION_SIGNALS.failback, { by: 'ana' });
      await protections.failover(id, { by: 'ana', type: 'planned' });
      await at('FailedOver');
      await protections.commit(id, { by: 'ana' });
      await at('FailoverCommitted');
      await protections.failback(id, { by: 'ana', dataSync: 'duringFailover' });
      await at('FailedBack');
      await protections.commit(id, { by: 'ana' });
      await at('FailbackCommitted');
      await protections.reprotect(id, { by: 'ana' });
      await at('Protected');
      await protections.stopProtection(id, { by: 'ana', reason: 'recorded' });
      await save('protect-hyperv-cycle', handle as MigrationHandle);
    });
  });

  it('records a migration that notifies (waiting, reminder) and refuses a cutover by its own test approver (four-eyes)', async () => {
    const receiver = await startWebhookReceiver();
    const notifications = NotificationSettingsSchema.parse({
      webhooks: [{ name: 'ops', url: receiver.url('/ops'), secret: 'a-recorded-secret-16' }],
      reminderAfterMinutes: 0.05,
      escalateAfterMinutes: 60,
    });
    try {
      await withWorker({ siteRecovery: new InMemorySiteRecovery(), notifications }, async ({ client, taskQueue }) => {
        const handle = await startMigration(client, taskQueue, { ...requestFor('vmware-to-azure'), startedBy: 'olga' });
        await waitForStage(handle, 'AwaitingTestApproval');
        await waitUntil(
          'the reminder',
          async () => receiver.at('/ops').length,
          (n) => n >= 2,
        );
        await handle.executeUpdate(DECISION_UPDATES.approveTestFailover, { args: [{ by: 'alice' }] });
        await waitForStage(handle, 'AwaitingFailoverApproval');
        await handle.signal(DECISION_SIGNALS.approveFailover, { by: 'alice' });
        await waitForStatus(handle, (s) => s.decisions.some((d) => !d.accepted));
        await handle.executeUpdate(DECISION_UPDATES.approveFailover, { args: [{ by: 'bob' }] });
        await save('notified-four-eyes-completed', handle);
      });
    } finally {
      await receiver.close();
    }
  });

  it('records a wave of two groups: wave test approved, cutover approved, group by group', async () => {
    await withWorker({ siteRecovery: new InMemorySiteRecovery() }, async ({ client, taskQueue }) => {
      const waves = new WaveClient(client, taskQueue);
      const machines = () => [requestFor('vmware-to-azure'), requestFor('hyperv-to-azure')];
      const request = {
        name: waveName('recorded'),
        groups: [
          { name: 'database', machines: machines() },
          { name: 'application', machines: machines() },
        ],
        replicationConcurrency: 2,
        failurePolicy: 'halt' as const,
      };
      const { handle } = await waves.startWave(request);
      await reachWave(waves, request.name, 'AwaitingWaveTestApproval');
      await waves.approveWaveTest(request.name, { by: 'alice', comment: 'tested together' });
      await reachWave(waves, request.name, 'AwaitingWaveCutoverApproval');
      await waves.approveWaveCutover(request.name, { by: 'bob' }, { via: 'signal' });
      await save('wave-two-groups', handle as MigrationHandle);
    });
  });

  it('records a wave whose group names a multi-VM group, with a Hyper-V machine in it (accepted and unused before wave-multi-vm-groups)', async () => {
    await withWorker({ siteRecovery: new InMemorySiteRecovery() }, async ({ client, taskQueue }) => {
      const waves = new WaveClient(client, taskQueue);
      const hyperV = process.env.HISTORY_PREFIX === 'v5' ? [requestFor('hyperv-to-azure')] : [];
      const request = {
        name: waveName('recorded-mvg'),
        groups: [{ name: 'database', multiVmGroupName: 'crm-db', machines: [requestFor('vmware-to-azure'), ...hyperV] }],
        replicationConcurrency: 2,
        failurePolicy: 'halt' as const,
      };
      const { handle } = await waves.startWave(request);
      await reachWave(waves, request.name, 'AwaitingWaveTestApproval');
      await waves.approveWaveTest(request.name, { by: 'alice' });
      await reachWave(waves, request.name, 'AwaitingWaveCutoverApproval');
      await waves.approveWaveCutover(request.name, { by: 'bob' }, { via: 'signal' });
      await save('wave-multi-vm-group', handle as MigrationHandle);
    });
  });

  it('records a signed wave: a forged Failed report corrected, a forged approveFailover refused, the cutover relay confirmed by each machine', async () => {
    const apiKey = generateKeyPairSync('ed25519');
    const decisionPolicy = { fourEyes: true, decisionPublicKey: publicKeyHex(apiKey.publicKey) };
    await withWorker({ siteRecovery: new InMemorySiteRecovery(), decisionPolicy }, async ({ client, taskQueue }) => {
      const waves = new WaveClient(client, taskQueue);
      const request = {
        name: waveName('recorded-signed'),
        groups: [
          { name: 'database', machines: [requestFor('vmware-to-azure')] },
          { name: 'application', machines: [requestFor('hyperv-to-azure')] },
        ],
        replicationConcurrency: 2,
        failurePolicy: 'halt' as const,
      };
      const workflowId = workflowIdOf('migrateWave', request.name);
      const proof = (decision: string, by: string) => ({
        proof: decisionSigner(apiKey.privateKey)({ workflowId, decision, by, roles: ['approver'] }),
      });
      const first = request.groups[0].machines[0].machineId;
      const child = client.workflow.getHandle(workflowIdFor(first));
      const { handle } = await waves.startWave(request);
      await reachWave(waves, request.name, 'AwaitingWaveTestApproval');
      await handle.signal('approveWaveTest', { by: 'alice', ...proof('approveWaveTest', 'alice') });
      await reachWave(waves, request.name, 'AwaitingWaveCutoverApproval');
      await handle.signal(WAVE_MACHINE_STAGE_SIGNAL, { machineId: first, stage: 'Failed', seq: 5 });
      await reachWave(waves, request.name, (s) => s.notes.some((n) => n.includes('reported Failed')));
      await child.signal('approveFailover', { by: 'bob' });
      await waitUntil(
        'the forged approveFailover refused',
        () => child.query<MigrationStatus>('status'),
        (s) => s.refusedDecisions === 1,
      );
      await handle.signal('approveWaveCutover', { by: 'bob', ...proof('approveWaveCutover', 'bob') });
      await save('signed-wave-cutover', handle as MigrationHandle);
      await save('signed-wave-cutover-machine', child as MigrationHandle);
    });
  });

  it('records unsigned aborts sent with the start, before the decision policy is known (refused once it is), then signed aborts', async () => {
    const apiKey = generateKeyPairSync('ed25519');
    const decisionPolicy = { fourEyes: true, decisionPublicKey: publicKeyHex(apiKey.publicKey) };
    const signed = (workflowId: string, decision: string, by: string) => ({
      by,
      proof: decisionSigner(apiKey.privateKey)({ workflowId, decision, by, roles: ['operator'] }),
    });
    const early = { by: 'mallory', reason: 'sent with the start' };
    await withWorker({ siteRecovery: new InMemorySiteRecovery(), decisionPolicy }, async ({ client, taskQueue }) => {
      const bySignal = parseMigrationRequest(requestFor('vmware-to-azure'));
      const bySignalId = workflowIdFor(bySignal.machineId);
      const signalled = (await client.workflow.signalWithStart(MIGRATE_MACHINE_WORKFLOW, {
        taskQueue,
        workflowId: bySignalId,
        args: [bySignal],
        signal: 'abortMigration',
        signalArgs: [early],
      })) as MigrationHandle;
      await waitForStage(signalled, 'AwaitingTestApproval');
      await signalled.signal(DECISION_SIGNALS.abortMigration, { ...signed(bySignalId, 'abortMigration', 'ops'), reason: 'recorded' });
      await save('early-unsigned-abort-signal', signalled);

      const byUpdate = parseMigrationRequest(requestFor('hyperv-to-azure'));
      const start = new WithStartWorkflowOperation(MIGRATE_MACHINE_WORKFLOW, {
        taskQueue,
        workflowId: workflowIdFor(byUpdate.machineId),
        args: [byUpdate],
        workflowIdConflictPolicy: 'FAIL',
      });
      await client.workflow
        .executeUpdateWithStart('abortMigration', { args: [early], startWorkflowOperation: start })
        .catch(() => undefined);
      const updated = (await start.workflowHandle()) as MigrationHandle;
      await waitForStage(updated, 'AwaitingTestApproval');
      await updated.cancel();
      await save('early-unsigned-abort-update', updated);

      const wave = {
        name: waveName('recorded-early-abort'),
        groups: [{ name: 'database', machines: [requestFor('physical-to-azure')] }],
        replicationConcurrency: 2,
        failurePolicy: 'halt' as const,
      };
      const waveId = workflowIdOf('migrateWave', wave.name);
      const waveHandle = await client.workflow.signalWithStart(MIGRATE_WAVE_WORKFLOW, {
        taskQueue,
        workflowId: waveId,
        args: [wave],
        signal: 'abortWave',
        signalArgs: [early],
      });
      await reachWave(new WaveClient(client, taskQueue), wave.name, 'AwaitingWaveTestApproval');
      await waveHandle.signal('abortWave', { ...signed(waveId, 'abortWave', 'ops'), reason: 'recorded' });
      await save('wave-early-unsigned-abort', waveHandle as MigrationHandle);
    });
  });

  it('records a flood of unsigned aborts sent before the first task, past HELD_DECISIONS_MAX, then a signed abort (migration and wave)', async () => {
    const apiKey = generateKeyPairSync('ed25519');
    const decisionPolicy = { fourEyes: true, decisionPublicKey: publicKeyHex(apiKey.publicKey) };
    const signed = (workflowId: string, decision: string) => ({
      by: 'ops',
      reason: 'recorded',
      proof: decisionSigner(apiKey.privateKey)({ workflowId, decision, by: 'ops', roles: ['operator'] }),
    });
    const connection = await testConnection();
    const taskQueue = uniqueTaskQueue();
    try {
      // Started with no worker polling: the flood arrives with the first task, before the policy is known.
      const request = parseMigrationRequest(requestFor('hyperv-to-azure'));
      const migrationId = workflowIdFor(request.machineId);
      const migration = await connection.client.workflow.start(MIGRATE_MACHINE_WORKFLOW, {
        taskQueue,
        workflowId: migrationId,
        args: [request],
      });
      const wave = {
        name: waveName('recorded-held-flood'),
        groups: [{ name: 'web', machines: [requestFor('vmware-to-azure')] }],
        replicationConcurrency: 2,
        failurePolicy: 'halt' as const,
      };
      const waveId = workflowIdOf('migrateWave', wave.name);
      const waveHandle = await connection.client.workflow.start(MIGRATE_WAVE_WORKFLOW, { taskQueue, workflowId: waveId, args: [wave] });
      const floods = [
        { handle: migration, signal: 'abortMigration', query: 'status' },
        { handle: waveHandle, signal: 'abortWave', query: 'waveStatus' },
      ];
      for (const { handle, signal } of floods)
        for (let n = 0; n < HELD_DECISIONS_MAX + 2; n += 1) await handle.signal(signal, { by: `flooder-${n}`, reason: 'a flood' });
      await withWorker({ connection, taskQueue, siteRecovery: new InMemorySiteRecovery(), decisionPolicy }, async () => {
        for (const { handle, signal, query } of floods) {
          await waitUntil(
            'the flood judged',
            () => handle.query<{ refusedDecisions?: number }>(query),
            (s) => s.refusedDecisions === HELD_DECISIONS_MAX + 2,
          );
          await handle.signal(signal, signed(handle.workflowId, signal));
        }
        await save('held-flood-migration', migration as MigrationHandle);
        await save('held-flood-wave', waveHandle as MigrationHandle);
      });
    } finally {
      await connection.close();
    }
  });
});
