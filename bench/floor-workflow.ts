import {
  condition,
  defineQuery,
  defineUpdate,
  patched,
  proxyActivities,
  setHandler,
  sleep,
  upsertSearchAttributes,
} from '@temporalio/workflow';
import type { MigrationActivities } from '../activities';
import type { MigrationRequest } from '../common/migration-request';
import { MIGRATION_STAGE, STAGES_NOT_SEARCHABLE } from '../common/search-attributes';
import type { Stage } from '../common/stages';
import { replicatedItemRefFor } from '../site-recovery/site-recovery';
import { adaptiveInitialReplicationPoller, MAX_SYNC_CHECK_INTERVAL_MS, operations } from '../workflows/activity-stubs';

/**
 * The engine's floor for `npm run bench`: the same activities (same options, same sync checks) and the same
 * two approval updates as migrateMachine, each accepted only in its waiting stage (as migrateMachine does; a
 * validator's refusal writes no history), and nothing else: no payload validation, no status, no decision
 * log, no search attributes, no abort or failure handling. What siteshift costs above this is our overhead.
 */
export const floorStageQuery = defineQuery<string>('stage');
export const FLOOR_WORKFLOW = 'floorMigration';
/**
 * The floor plus the MigrationStage upserts needed to count and list its waits cheaply (visibility), for the
 * parked phase only: three upserts more than floorMigration, still fewer than migrateMachine's.
 */
export const FINDABLE_FLOOR_WORKFLOW = 'findableFloorMigration';
/**
 * The floor plus siteshift's visibility writes, for at-once: what the engine's visibility store costs, apart from
 * our code. It makes the same writes as a migrateMachine run: the start's search attributes (the bench starts it
 * with them), a patch marker (the SDK upserts TemporalChangeVersion with it, as with migrateMachine's baseline
 * marker) and MigrationStage at every stage siteshift shows (not STAGES_NOT_SEARCHABLE).
 */
export const VISIBLE_FLOOR_WORKFLOW = 'visibleFloorMigration';
/** The visible floor's patch: only its marker matters (the TemporalChangeVersion upsert that comes with it). */
const VISIBLE_FLOOR_PATCH = 'visible-floor';
/** The stage each approval is accepted in, and the only stages the findable floor upserts. */
export const FLOOR_APPROVAL_STAGE = { approveTestFailover: 'AwaitingTestApproval', approveFailover: 'AwaitingFailoverApproval' } as const;
const FINDABLE_STAGES = new Set<string>(['InitialReplication', ...Object.values(FLOOR_APPROVAL_STAGE)]);

const reads = proxyActivities<MigrationActivities>({ startToCloseTimeout: '2 minutes' });

/** Which stages a floor upserts as MigrationStage: none, the waits (findable), or siteshift's (visible). */
type FloorVisibility = 'none' | 'findable' | 'visible';
const UPSERTED: Record<FloorVisibility, (stage: Stage) => boolean> = {
  none: () => false,
  findable: (stage) => FINDABLE_STAGES.has(stage),
  visible: (stage) => !STAGES_NOT_SEARCHABLE.includes(stage),
};

/**
 * For `npm run bench -- --only upsert-cost`: six steps (a short timer each, a workflow task each), with or without a
 * MigrationStage upsert in each step's task, so the two differ only by the upserts (the dev server's cost of each).
 */
export const UPSERT_PROBE_WORKFLOW = 'upsertProbe';
export const UPSERT_PROBE_STEPS: readonly Stage[] = [
  'InitialReplication',
  'AwaitingTestApproval',
  'CleaningUpTestFailover',
  'AwaitingFailoverApproval',
  'FailingOver',
  'CompletingMigration',
];

export async function upsertProbe(upserts: boolean): Promise<void> {
  for (const stage of UPSERT_PROBE_STEPS) {
    if (upserts) upsertSearchAttributes([{ key: MIGRATION_STAGE, value: stage }]);
    await sleep(1);
  }
}

export function floorMigration(request: MigrationRequest): Promise<string> {
  return runFloor(request, 'none');
}

export function findableFloorMigration(request: MigrationRequest): Promise<string> {
  return runFloor(request, 'findable');
}

export function visibleFloorMigration(request: MigrationRequest): Promise<string> {
  patched(VISIBLE_FLOOR_PATCH);
  return runFloor(request, 'visible');
}

async function runFloor(request: MigrationRequest, visibility: FloorVisibility): Promise<string> {
  let stage: Stage = 'Preflight';
  const enter = (next: Stage) => {
    stage = next;
    if (UPSERTED[visibility](next)) upsertSearchAttributes([{ key: MIGRATION_STAGE, value: next }]);
  };
  const approved = { approveTestFailover: false, approveFailover: false };
  setHandler(floorStageQuery, () => stage);
  for (const name of ['approveTestFailover', 'approveFailover'] as const) {
    setHandler(
      defineUpdate<string, [unknown]>(name),
      (_approver: unknown) => {
        approved[name] = true;
        return stage;
      },
      {
        validator: (_approver: unknown) => {
          if (stage !== FLOOR_APPROVAL_STAGE[name])
            throw new Error(`${name} is accepted only in ${FLOOR_APPROVAL_STAGE[name]}, not in ${stage}`);
        },
      },
    );
  }
  const item = replicatedItemRefFor(request);
  await reads.preflight(request);
  enter('EnablingReplication');
  await operations.enableReplication(request);
  enter('InitialReplication');
  const poller = adaptiveInitialReplicationPoller(request);
  const adaptive = { minIntervalMs: request.replicationWait.pollIntervalSeconds * 1000, maxIntervalMs: MAX_SYNC_CHECK_INTERVAL_MS };
  const stallAfterMs = request.replicationWait.stallAfterMinutes * 60_000;
  let reported = { percent: 0, stalled: false, changedAtMs: undefined as number | undefined };
  for (;;) {
    const seen = await poller.checkInitialReplication({
      item,
      reportedPercent: reported.percent,
      reportedStalled: reported.stalled,
      reportedChangeAtMs: reported.changedAtMs,
      stepPercent: 100,
      stallAfterMs,
      adaptive,
    });
    if (seen.complete) break;
    reported = { percent: seen.percent, stalled: seen.stalled, changedAtMs: seen.lastChangeAtMs };
  }
  enter('TestFailover');
  await operations.runTestFailover(item, request);
  enter('AwaitingTestApproval');
  await condition(() => approved.approveTestFailover);
  enter('CleaningUpTestFailover');
  await operations.cleanupTestFailover(item, 'floor: test approved');
  enter('AwaitingFailoverApproval');
  await condition(() => approved.approveFailover);
  enter('FailingOver');
  await operations.failOver(item, request);
  enter('CompletingMigration');
  await operations.completeMigration(item);
  enter('Completed');
  return stage;
}
