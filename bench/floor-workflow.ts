import { condition, defineQuery, defineUpdate, proxyActivities, setHandler } from '@temporalio/workflow';
import type { MigrationActivities } from '../activities';
import type { MigrationRequest } from '../common/migration-request';
import { replicatedItemRefFor } from '../site-recovery/site-recovery';
import { adaptiveInitialReplicationPoller, MAX_SYNC_CHECK_INTERVAL_MS, operations } from '../workflows/activity-stubs';

/**
 * The engine's floor for `npm run bench`: the same activities (same options, same sync checks) and the same
 * two approval updates as migrateMachine, and nothing else: no validation, no status, no decision log,
 * no search attributes, no abort or failure handling. What siteshift costs above this is our overhead.
 */
export const floorStageQuery = defineQuery<string>('stage');
export const FLOOR_WORKFLOW = 'floorMigration';

const reads = proxyActivities<MigrationActivities>({ startToCloseTimeout: '2 minutes' });

export async function floorMigration(request: MigrationRequest): Promise<string> {
  let stage = 'Preflight';
  const approved = { approveTestFailover: false, approveFailover: false };
  setHandler(floorStageQuery, () => stage);
  for (const name of ['approveTestFailover', 'approveFailover'] as const) {
    setHandler(defineUpdate<string, [unknown]>(name), () => {
      approved[name] = true;
      return stage;
    });
  }
  const item = replicatedItemRefFor(request);
  await reads.preflight(request);
  stage = 'EnablingReplication';
  await operations.enableReplication(request);
  stage = 'InitialReplication';
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
  stage = 'TestFailover';
  await operations.runTestFailover(item, request);
  stage = 'AwaitingTestApproval';
  await condition(() => approved.approveTestFailover);
  stage = 'CleaningUpTestFailover';
  await operations.cleanupTestFailover(item, 'floor: test approved');
  stage = 'AwaitingFailoverApproval';
  await condition(() => approved.approveFailover);
  stage = 'FailingOver';
  await operations.failOver(item, request);
  stage = 'CompletingMigration';
  await operations.completeMigration(item);
  return (stage = 'Completed');
}
