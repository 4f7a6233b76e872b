import { generateKeyPairSync } from 'node:crypto';
import { ApplicationFailure, WorkflowUpdateFailedError, type WorkflowHandle } from '@temporalio/client';
import { createActivities } from '../../activities';
import type { DecisionPolicy } from '../../common/decision-policy';
import { DECISION_LIMITS } from '../../common/decisions';
import { WAVE_DECISION_LIMITS } from '../../common/wave-decisions';
import { workflowIdFor, workflowIdOf } from '../../common/ids';
import type { DecisionRecord } from '../../common/migration-status';
import { publicKeyHex } from '../../config/decision-policy';
import { MIGRATE_MACHINE_WORKFLOW, statusQuery } from '../../workflows/definitions';
import { HELD_DECISIONS_MAX, heldDecisionsLimitReason } from '../../workflows/held-decisions';
import { MIGRATE_WAVE_WORKFLOW, waveStatusQuery } from '../../workflows/wave-definitions';
import { e2eAdapter, e2eRequest, type E2eEmulator } from '../support/e2e';
import { waitUntil } from '../support/polling';
import { testConnection, uniqueTaskQueue, withWorker, type TestConnection } from '../support/temporal';
import { waveEmulator, waveOf } from '../support/waves';

jest.setTimeout(180_000);

/** Decisions sent past the limit. */
const PAST = 3;
const UNSIGNED = /accepts only decisions signed by the siteshift API \(proof: is required\)/;
const signedPolicy = (): DecisionPolicy => ({
  fourEyes: true,
  decisionPublicKey: publicKeyHex(generateKeyPairSync('ed25519').publicKey),
});

/** Who sent the n-th decision (0-based): each sender is distinct, so the records show which decisions they are. */
const sender = (n: number) => `flooder-${n}`;
const senders = (from: number, count: number) => Array.from({ length: count }, (_, i) => sender(from + i));

/**
 * The decision-policy activity, answering `policy` only once `open` is called: until then the workflow has not
 * learned its policy and holds its decisions.
 */
function gatedPolicy(policy: DecisionPolicy) {
  let open!: () => void;
  const opened = new Promise<void>((resolve) => (open = resolve));
  return { open, activity: () => opened.then(() => policy) };
}

/** Sends HELD_DECISIONS_MAX + PAST unsigned aborts by signal, one after another, each by its own sender. */
async function flood(handle: WorkflowHandle, signal: string): Promise<void> {
  for (let n = 0; n < HELD_DECISIONS_MAX + PAST; n += 1) await handle.signal(signal, { by: sender(n), reason: 'a flood' });
}

/**
 * Starts the workflow with no worker polling its task queue and floods it, so every decision arrives in its first
 * task, before its policy is known; then runs a worker whose policy activity answers once `fn` opens it.
 */
async function floodBeforeThePolicy(
  emulator: E2eEmulator,
  start: { workflowType: string; workflowId: string; args: unknown[]; signal: string; alsoEnd?: string },
  fn: (handle: WorkflowHandle, openPolicy: () => void) => Promise<void>,
): Promise<void> {
  const connection: TestConnection = await testConnection();
  const taskQueue = uniqueTaskQueue();
  const policy = gatedPolicy(signedPolicy());
  try {
    const handle = await connection.client.workflow.start(start.workflowType, {
      taskQueue,
      workflowId: start.workflowId,
      args: start.args,
      // While its policy activity is waiting the worker holds the task, answering queries and updates only at each
      // task heartbeat (at 80 % of this timeout): shorter than the 10 s default, so the test waits less.
      workflowTaskTimeout: '3s',
    });
    await flood(handle, start.signal);
    const activities = { ...createActivities(e2eAdapter(emulator.current)), decisionPolicy: policy.activity };
    await withWorker({ connection, taskQueue, activities }, async () => {
      try {
        await fn(handle, policy.open);
      } finally {
        policy.open();
        // Ended (terminated: what they do next is not under test), the workflow first, then what it started.
        await handle.terminate('test over').catch(() => undefined);
        if (start.alsoEnd)
          await connection.client.workflow
            .getHandle(start.alsoEnd)
            .terminate('test over')
            .catch(() => undefined);
      }
    });
  } finally {
    await connection.close();
  }
}

/** What the status keeps of refusals past the limit: each recorded as refused, naming the limit. */
function limitRefusals(name: string, workflow: 'migration' | 'wave'): Partial<DecisionRecord>[] {
  const rejectionReason = `${name} was not judged: ${heldDecisionsLimitReason(workflow)}`;
  return senders(HELD_DECISIONS_MAX, PAST).map((by) =>
    expect.objectContaining({ name, via: 'signal', by, accepted: false, rejectionReason }),
  );
}

/** What both workflows' statuses say of decisions. */
interface DecisionsStatus {
  decisionPolicy?: unknown;
  refusedDecisions?: number;
  decisions: { by: string | null; via: string; rejectionReason?: string }[];
}

/**
 * While the policy is being learned, only the decisions past the limit are judged, each refused naming it, and an
 * update sent then fails at once the same way; once `openPolicy` lets it be learned, the held ones are judged in
 * arrival order by the rules (unsigned: refused).
 */
async function expectRefusedPastTheLimitThenJudged<S extends DecisionsStatus>(
  handle: WorkflowHandle,
  status: () => Promise<S>,
  openPolicy: () => void,
  name: string,
  workflow: 'migration' | 'wave',
  /** How many refusals the status keeps (the latest). */
  kept: number,
): Promise<S> {
  const whileLearning = await waitUntil('the decisions past the limit refused', status, (s) => (s.refusedDecisions ?? 0) > 0, 60_000);
  expect(whileLearning.decisionPolicy).toBeUndefined();
  expect(whileLearning.refusedDecisions).toBe(PAST);
  expect(whileLearning.decisions).toEqual(limitRefusals(name, workflow));

  const late = await handle.executeUpdate(name, { args: [{ by: 'late-updater', reason: 'past the limit' }] }).then(
    () => undefined,
    (error: unknown) => error,
  );
  expect(late).toBeInstanceOf(WorkflowUpdateFailedError);
  const cause = (late as WorkflowUpdateFailedError).cause as ApplicationFailure;
  expect(cause).toBeInstanceOf(ApplicationFailure);
  expect(cause.type).toBe('DecisionRejected');
  expect(cause.message).toBe(`${name} was not judged: ${heldDecisionsLimitReason(workflow)}`);
  const afterUpdate = await status();
  expect(afterUpdate.decisionPolicy).toBeUndefined();
  expect(afterUpdate.decisions.at(-1)).toMatchObject({ by: 'late-updater', via: 'update', rejectionReason: cause.message });

  openPolicy();
  const total = HELD_DECISIONS_MAX + PAST + 1;
  const judged = await waitUntil('the held decisions judged', status, (s) => s.refusedDecisions === total, 60_000);
  // The status keeps the latest refusals: the last held decisions, judged in arrival order by the signed-decision rule.
  expect(judged.decisions.map((d) => d.by)).toEqual(senders(HELD_DECISIONS_MAX - kept, kept));
  for (const decision of judged.decisions) expect(decision.rejectionReason).toMatch(UNSIGNED);
  return judged;
}

describe(`at most HELD_DECISIONS_MAX (${HELD_DECISIONS_MAX}) decisions are held before the decision policy is known; past it one is refused at once`, () => {
  let emulator: E2eEmulator;
  let requests: Awaited<ReturnType<typeof waveEmulator>>['requests'];
  beforeAll(async () => {
    ({ emulator, requests } = await waveEmulator(1));
  });
  afterAll(() => emulator?.stop());

  it(`migrateMachine: of HELD_DECISIONS_MAX + ${PAST} unsigned aborts sent before its first task, the last ${PAST} are refused at once, recorded, naming the limit; the others are held, then judged by the rules`, async () => {
    const request = e2eRequest('vmware');
    const start = {
      workflowType: MIGRATE_MACHINE_WORKFLOW,
      workflowId: workflowIdFor(request.machineId),
      args: [request],
      signal: 'abortMigration',
    };
    await floodBeforeThePolicy(emulator, start, async (handle, openPolicy) => {
      const judged = await expectRefusedPastTheLimitThenJudged(
        handle,
        () => handle.query(statusQuery),
        openPolicy,
        'abortMigration',
        'migration',
        DECISION_LIMITS.KEPT_REFUSALS,
      );
      expect(judged.abortReason).toBeUndefined();
    });
  });

  it(`migrateWave: the same flood of unsigned abortWave signals: the last ${PAST} refused at once naming the limit, the others held, then judged`, async () => {
    const wave = waveOf('held-limit', requests, [1]);
    const start = {
      workflowType: MIGRATE_WAVE_WORKFLOW,
      workflowId: workflowIdOf('migrateWave', wave.name),
      args: [wave],
      signal: 'abortWave',
      // The machine the wave starts once it knows its policy.
      alsoEnd: workflowIdFor(requests[0].machineId),
    };
    await floodBeforeThePolicy(emulator, start, async (handle, openPolicy) => {
      const judged = await expectRefusedPastTheLimitThenJudged(
        handle,
        () => handle.query(waveStatusQuery),
        openPolicy,
        'abortWave',
        'wave',
        WAVE_DECISION_LIMITS.KEPT_REFUSALS,
      );
      expect(judged.stage).not.toMatch(/^Abort/);
    });
  });
});
