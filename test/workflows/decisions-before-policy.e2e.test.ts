import { generateKeyPairSync } from 'node:crypto';
import {
  ApplicationFailure,
  type Client,
  type WorkflowHandle,
  WithStartWorkflowOperation,
  WorkflowUpdateFailedError,
} from '@temporalio/client';
import { createActivities } from '../../activities';
import { decisionSigner } from '../../api/identity/decision-signer';
import { DECISION_RULES } from '../../common/decision-policy';
import { workflowIdFor, workflowIdOf } from '../../common/ids';
import type { MigrationStatus } from '../../common/migration-status';
import type { ProtectionStatus } from '../../common/protection-status';
import type { WaveRequestInput } from '../../common/wave-request';
import type { WaveStatus } from '../../common/wave-status';
import { publicKeyHex } from '../../config/decision-policy';
import { MIGRATE_MACHINE_WORKFLOW, statusQuery } from '../../workflows/definitions';
import { PROTECT_MACHINE_WORKFLOW, protectionStatusQuery } from '../../workflows/protection-definitions';
import { MIGRATE_WAVE_WORKFLOW, waveStatusQuery } from '../../workflows/wave-definitions';
import { e2eAdapter, e2eRequest, sideEffectsOf, startE2eEmulator, type E2eEmulator } from '../support/e2e';
import { InMemoryDisasterRecovery } from '../support/in-memory-disaster-recovery';
import { waitUntil } from '../support/polling';
import { protectionRequestFor } from '../support/protection-harness';
import { withWorker } from '../support/temporal';
import { waveEmulator, waveOf } from '../support/waves';

jest.setTimeout(120_000);

const UNSIGNED = /accepts only decisions signed by the siteshift API \(proof: is required\)/;
const signedPolicy = () => ({ fourEyes: true, decisionPublicKey: publicKeyHex(generateKeyPairSync('ed25519').publicKey) });

/** Ends a test's wave and its machine (terminated: what they do next is not under test). */
async function endWave(client: Client, wave: WaveRequestInput): Promise<void> {
  await client.workflow.getHandle(workflowIdOf('migrateWave', wave.name)).terminate('test over');
  const machine = client.workflow.getHandle(workflowIdFor(wave.groups[0].machines[0].machineId));
  await machine.terminate('test over').catch(() => undefined);
}

/** Starts a workflow with an unsigned abort sent as its first update (update-with-start): what the update failed with. */
async function updateWithStart(
  client: Client,
  workflowType: string,
  { update, ...options }: { taskQueue: string; workflowId: string; args: unknown[]; update: string },
): Promise<{ refusal: unknown; handle: WorkflowHandle }> {
  const start = new WithStartWorkflowOperation(workflowType, { ...options, workflowIdConflictPolicy: 'FAIL' });
  const refusal = await client.workflow
    .executeUpdateWithStart(update, {
      args: [{ by: 'mallory', reason: 'forged before the policy is known' }],
      startWorkflowOperation: start,
    })
    .then(
      () => undefined,
      (error: unknown) => error,
    );
  return { refusal, handle: await start.workflowHandle() };
}

function expectSignedDecisionRefusal(refusal: unknown): void {
  expect(refusal).toBeInstanceOf(WorkflowUpdateFailedError);
  const cause = (refusal as WorkflowUpdateFailedError).cause as ApplicationFailure;
  expect(cause).toBeInstanceOf(ApplicationFailure);
  expect(cause.type).toBe('DecisionRejected');
  expect(cause.message).toMatch(UNSIGNED);
  expect(cause.details).toEqual([{ rule: DECISION_RULES.signedDecision }]);
}

/** An unsigned decision sent with the start itself reaches the workflow before it learned its decision policy. */
describe('a decision that arrives before the decision policy is known is judged by it (signed decisions required)', () => {
  let emulator: E2eEmulator;
  beforeAll(async () => {
    emulator = await startE2eEmulator();
  });
  afterAll(() => emulator?.stop());

  it('migrateMachine: a signed abortMigration sent with the start is held, then accepted: the migration aborts having created nothing', async () => {
    const key = generateKeyPairSync('ed25519');
    const decisionPolicy = { fourEyes: true, decisionPublicKey: publicKeyHex(key.publicKey) };
    await withWorker({ siteRecovery: e2eAdapter(emulator.current), decisionPolicy }, async ({ client, taskQueue }) => {
      const request = e2eRequest('hyperv-site');
      const workflowId = workflowIdFor(request.machineId);
      const proof = decisionSigner(key.privateKey)({ workflowId, decision: 'abortMigration', by: 'olga', roles: ['operator'] });
      const handle = await client.workflow.signalWithStart(MIGRATE_MACHINE_WORKFLOW, {
        taskQueue,
        workflowId,
        args: [request],
        signal: 'abortMigration',
        signalArgs: [{ by: 'olga', reason: 'wrong machine', proof }],
      });
      const ended: MigrationStatus = await handle.result();
      expect(ended.stage).toBe('Aborted');
      expect(ended.decisions).toEqual([expect.objectContaining({ name: 'abortMigration', via: 'signal', by: 'olga', accepted: true })]);
      expect(ended.stages.map((entry) => entry.stage)).not.toContain('EnablingReplication');
      expect(sideEffectsOf(emulator.current, request.machineId)).toEqual([]);
    });
  });

  it('migrateMachine: a migration that ends before it learns its policy refuses the update held for it, recorded, naming why', async () => {
    const activities = {
      ...createActivities(e2eAdapter(emulator.current)),
      decisionPolicy: () =>
        Promise.reject(ApplicationFailure.nonRetryable('the decision public key file is unreadable', 'PolicyUnreadable')),
    };
    await withWorker({ activities, workflows: 'migration' }, async ({ client, taskQueue }) => {
      const request = e2eRequest('aws');
      const { refusal, handle } = await updateWithStart(client, MIGRATE_MACHINE_WORKFLOW, {
        taskQueue,
        workflowId: workflowIdFor(request.machineId),
        args: [request],
        update: 'abortMigration',
      });
      expect(refusal).toBeInstanceOf(WorkflowUpdateFailedError);
      const cause = (refusal as WorkflowUpdateFailedError).cause as ApplicationFailure;
      expect(cause.type).toBe('DecisionRejected');
      const why = 'abortMigration was not judged: the migration ended (Failed) before its decision policy was known';
      expect(cause.message).toBe(why);
      const ended = await handle.query(statusQuery);
      expect(ended.stage).toBe('Failed');
      expect(ended.lastError?.code).toBe('PolicyUnreadable');
      expect(ended.decisions).toEqual([
        expect.objectContaining({ name: 'abortMigration', via: 'update', accepted: false, rejectionReason: why }),
      ]);
      expect(sideEffectsOf(emulator.current, request.machineId)).toEqual([]);
    });
  });

  it('migrateMachine: an unsigned abortMigration sent with the start (signal-with-start) is refused, recorded; the migration goes on', async () => {
    await withWorker({ siteRecovery: e2eAdapter(emulator.current), decisionPolicy: signedPolicy() }, async ({ client, taskQueue }) => {
      const request = e2eRequest('vmware');
      const handle = await client.workflow.signalWithStart(MIGRATE_MACHINE_WORKFLOW, {
        taskQueue,
        workflowId: workflowIdFor(request.machineId),
        args: [request],
        signal: 'abortMigration',
        signalArgs: [{ by: 'mallory', reason: 'forged before the policy is known' }],
      });
      const status = () => handle.query(statusQuery);
      const judged = await waitUntil('the early abort judged', status, (s) => s.decisions.length === 1);
      expect(judged.decisions[0]).toMatchObject({ name: 'abortMigration', via: 'signal', by: 'mallory', accepted: false });
      expect(judged.decisions[0].rejectionReason).toMatch(UNSIGNED);
      const goesOn = await waitUntil('the migration past Preflight', status, (s) => s.stage !== 'Preflight');
      expect(['EnablingReplication', 'InitialReplication', 'TestFailover', 'AwaitingTestApproval']).toContain(goesOn.stage);
      expect(goesOn.abortReason).toBeUndefined();
      // `temporal workflow cancel` (the server's authority) still aborts it, and cleans up.
      await handle.cancel();
      expect((await handle.result()).stage).toBe('Aborted');
    });
  });

  it('migrateMachine: an unsigned abortMigration sent as update-with-start fails with the signed-decision rule, recorded; the migration goes on', async () => {
    await withWorker({ siteRecovery: e2eAdapter(emulator.current), decisionPolicy: signedPolicy() }, async ({ client, taskQueue }) => {
      const request = e2eRequest('physical');
      const { refusal, handle } = await updateWithStart(client, MIGRATE_MACHINE_WORKFLOW, {
        taskQueue,
        workflowId: workflowIdFor(request.machineId),
        args: [request],
        update: 'abortMigration',
      });
      expectSignedDecisionRefusal(refusal);
      const status = (): Promise<MigrationStatus> => handle.query(statusQuery);
      const after = await waitUntil('the migration past Preflight', status, (s) => s.stage !== 'Preflight');
      expect(after.decisions).toEqual([expect.objectContaining({ name: 'abortMigration', via: 'update', accepted: false })]);
      expect(after.abortReason).toBeUndefined();
      await handle.cancel();
      expect((await handle.result()).stage).toBe('Aborted');
    });
  });
});

describe('a wave decision that arrives before the wave knows its decision policy is judged by it (signed decisions required)', () => {
  let emulator: E2eEmulator;
  let requests: Awaited<ReturnType<typeof waveEmulator>>['requests'];
  beforeAll(async () => {
    ({ emulator, requests } = await waveEmulator(2));
  });
  afterAll(() => emulator?.stop());

  it('migrateWave: an unsigned abortWave sent with the start (signal-with-start) is refused, recorded; the wave goes on', async () => {
    await withWorker({ siteRecovery: e2eAdapter(emulator.current), decisionPolicy: signedPolicy() }, async ({ client, taskQueue }) => {
      const wave = waveOf('early-abort', requests, [1]);
      const handle = await client.workflow.signalWithStart(MIGRATE_WAVE_WORKFLOW, {
        taskQueue,
        workflowId: workflowIdOf('migrateWave', wave.name),
        args: [wave],
        signal: 'abortWave',
        signalArgs: [{ by: 'mallory', reason: 'forged before the policy is known' }],
      });
      const status = (): Promise<WaveStatus> => handle.query(waveStatusQuery);
      const judged = await waitUntil('the early abort judged', status, (s) => s.decisions.length === 1);
      expect(judged.decisions[0]).toMatchObject({ name: 'abortWave', via: 'signal', by: 'mallory', accepted: false });
      expect(judged.decisions[0].rejectionReason).toMatch(UNSIGNED);
      const goesOn = await waitUntil('the wave past Checking', status, (s) => s.stage !== 'Checking', { timeoutMs: 60_000 });
      expect(goesOn.stage).not.toMatch(/^Abort/);
      await endWave(client, wave);
    });
  });

  it('migrateWave: an unsigned abortWave sent as update-with-start fails with the signed-decision rule, recorded; the wave goes on', async () => {
    await withWorker({ siteRecovery: e2eAdapter(emulator.current), decisionPolicy: signedPolicy() }, async ({ client, taskQueue }) => {
      const wave = waveOf('early-abort-update', requests.slice(1), [1]);
      const { refusal, handle } = await updateWithStart(client, MIGRATE_WAVE_WORKFLOW, {
        taskQueue,
        workflowId: workflowIdOf('migrateWave', wave.name),
        args: [wave],
        update: 'abortWave',
      });
      expectSignedDecisionRefusal(refusal);
      const status = (): Promise<WaveStatus> => handle.query(waveStatusQuery);
      const after = await waitUntil('the wave past Checking', status, (s) => s.stage !== 'Checking', { timeoutMs: 60_000 });
      expect(after.decisions).toEqual([expect.objectContaining({ name: 'abortWave', via: 'update', accepted: false })]);
      expect(after.stage).not.toMatch(/^Abort/);
      await endWave(client, wave);
    });
  });
});

describe('a protection refuses a decision that arrives before it knows its decision policy (signed decisions required)', () => {
  it('protectMachine: an unsigned stopProtection sent with the start (signal-with-start) is refused, recorded, naming why', async () => {
    await withWorker({ siteRecovery: new InMemoryDisasterRecovery(), decisionPolicy: signedPolicy() }, async ({ client, taskQueue }) => {
      const request = protectionRequestFor('hyperv-to-azure');
      const handle = await client.workflow.signalWithStart(PROTECT_MACHINE_WORKFLOW, {
        taskQueue,
        workflowId: workflowIdOf('protectMachine', request.machineId),
        args: [request],
        signal: 'stopProtection',
        signalArgs: [{ by: 'mallory', reason: 'forged before the policy is known' }],
      });
      const status = (): Promise<ProtectionStatus> => handle.query(protectionStatusQuery);
      const judged = await waitUntil('the early stop judged', status, (s) => s.decisions.length === 1);
      expect(judged.decisions[0]).toMatchObject({ name: 'stopProtection', via: 'signal', by: 'mallory', accepted: false });
      expect(judged.decisions[0].rejectionReason).toMatch(/still learning its decision policy from the worker; send it again in a moment/);
      await waitUntil('the protection protected', status, (s) => s.stage === 'Protected');
      await handle.terminate('test over');
    });
  });

  it('protectMachine: an unsigned stopProtection sent as update-with-start fails naming why (a validator refusal: no history event)', async () => {
    await withWorker({ siteRecovery: new InMemoryDisasterRecovery(), decisionPolicy: signedPolicy() }, async ({ client, taskQueue }) => {
      const request = protectionRequestFor('hyperv-to-azure');
      const { refusal, handle } = await updateWithStart(client, PROTECT_MACHINE_WORKFLOW, {
        taskQueue,
        workflowId: workflowIdOf('protectMachine', request.machineId),
        args: [request],
        update: 'stopProtection',
      });
      expect(refusal).toBeInstanceOf(WorkflowUpdateFailedError);
      const cause = (refusal as WorkflowUpdateFailedError).cause as ApplicationFailure;
      expect(cause.type).toBe('DecisionRejected');
      expect(cause.message).toMatch(/still learning its decision policy from the worker; send it again in a moment/);
      const status = (): Promise<ProtectionStatus> => handle.query(protectionStatusQuery);
      expect((await waitUntil('the protection protected', status, (s) => s.stage === 'Protected')).decisions).toEqual([]);
      await handle.terminate('test over');
    });
  });
});
