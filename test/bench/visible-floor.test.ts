import { defaultPayloadConverter } from '@temporalio/common';
import type { temporal } from '@temporalio/proto';
import { bundleWorkflowCode, Worker } from '@temporalio/worker';
import { join } from 'node:path';
import { Fleet } from '../../bench/drive';
import { UPSERT_PROBE_STEPS, UPSERT_PROBE_WORKFLOW, VISIBLE_FLOOR_WORKFLOW } from '../../bench/floor-workflow';
import { MigrationClient } from '../../client';
import { createMigrationWorker } from '../../workers/worker';
import { InMemorySiteRecovery } from '../support/in-memory-site-recovery';
import { waitForStage, type MigrationHandle } from '../support/migration-harness';
import { waitUntil } from '../support/polling';
import { requestFor } from '../support/requests';
import { testConnection, uniqueTaskQueue, withWorker, type TestConnection } from '../support/temporal';

type Payload = Parameters<typeof defaultPayloadConverter.fromPayload>[0];
type Fields = Record<string, Payload> | null | undefined;

/**
 * What a run wrote to visibility: the start's search attributes, then each upsert's, in order. TemporalChangeVersion's
 * value is the workflow's patch ids (each flavour has its own), so only its presence counts.
 */
function visibilityWrites(events: temporal.api.history.v1.IHistoryEvent[]) {
  const values = (fields: Fields) =>
    Object.fromEntries(
      Object.entries(fields ?? {}).map(([key, payload]) => [
        key,
        key === 'TemporalChangeVersion' ? 'patch ids' : defaultPayloadConverter.fromPayload(payload),
      ]),
    );
  return {
    start: values(events[0].workflowExecutionStartedEventAttributes?.searchAttributes?.indexedFields as Fields),
    upserts: events
      .filter((e) => e.upsertWorkflowSearchAttributesEventAttributes)
      .map((e) => values(e.upsertWorkflowSearchAttributesEventAttributes!.searchAttributes?.indexedFields as Fields)),
  };
}

/**
 * The bench's visible floor (at-once) stands for the engine's share of siteshift's cost only if it writes to
 * visibility exactly what a migration writes: the same start, the same upserts in the same order.
 */
describe('the visible floor of npm run bench', () => {
  let test: TestConnection;
  let code: string;

  beforeAll(async () => {
    test = await testConnection();
    code = (await bundleWorkflowCode({ workflowsPath: join(__dirname, '..', '..', 'bench', 'floor-workflow.ts'), logger: quiet })).code;
  }, 120_000);
  afterAll(() => test?.close());

  it('writes to visibility what a completed migrateMachine run writes, write for write', async () => {
    const wave = `visible-${Date.now().toString(36)}`;

    const migration = await withWorker({ siteRecovery: new InMemorySiteRecovery(), connection: test }, async ({ client, taskQueue }) => {
      const started = await new MigrationClient(client, taskQueue).startMigration(requestFor('vmware-to-azure', { wave }));
      const handle = started.handle as MigrationHandle;
      await waitForStage(handle, 'AwaitingTestApproval');
      await handle.executeUpdate('approveTestFailover', { args: [{ by: 'alice' }] });
      await waitForStage(handle, 'AwaitingFailoverApproval');
      await handle.executeUpdate('approveFailover', { args: [{ by: 'bob' }] });
      await handle.result();
      return visibilityWrites((await handle.fetchHistory()).events ?? []);
    });

    const taskQueue = uniqueTaskQueue('visible-floor');
    const worker = await createMigrationWorker({
      connection: test.connection,
      namespace: test.namespace,
      taskQueue,
      siteRecovery: new InMemorySiteRecovery(),
      workflowBundle: { code },
    });
    const floor = await worker.runUntil(async () => {
      const request = requestFor('vmware-to-azure', { wave });
      const fleet = new Fleet('floor', test.client, taskQueue, [request], { floorWorkflow: VISIBLE_FLOOR_WORKFLOW });
      await fleet.start();
      const handle = fleet.handle(request.machineId);
      const stage = () => handle.query<string>('stage');
      await waitUntil('the visible floor waiting for test approval', stage, (s) => s === 'AwaitingTestApproval');
      await handle.executeUpdate('approveTestFailover', { args: [{ by: 'alice' }] });
      await waitUntil('the visible floor waiting for failover approval', stage, (s) => s === 'AwaitingFailoverApproval');
      await handle.executeUpdate('approveFailover', { args: [{ by: 'bob' }] });
      expect(await handle.result()).toBe('Completed');
      return visibilityWrites((await handle.fetchHistory()).events ?? []);
    });

    expect(migration.start).toEqual({ MigrationStage: 'Preflight', SourcePlatform: 'vmware-to-azure', MigrationWave: wave });
    expect(migration.upserts[0]).toEqual({ TemporalChangeVersion: 'patch ids' });
    expect(migration.upserts.length).toBeGreaterThan(3);
    expect(floor).toEqual(migration);
  }, 120_000);

  it('has an upsert probe whose two variants differ only by one MigrationStage upsert per step', async () => {
    const taskQueue = uniqueTaskQueue('upsert-probe');
    const worker = await Worker.create({ connection: test.connection, namespace: test.namespace, taskQueue, workflowBundle: { code } });
    const [plain, upserts] = await worker.runUntil(() =>
      Promise.all(
        [false, true].map(async (withUpserts) => {
          const handle = await test.client.workflow.start(UPSERT_PROBE_WORKFLOW, {
            taskQueue,
            workflowId: `${taskQueue}-${withUpserts}`,
            args: [withUpserts],
          });
          await handle.result();
          return (await handle.fetchHistory()).events ?? [];
        }),
      ),
    );
    const isUpsert = (e: temporal.api.history.v1.IHistoryEvent) => !!e.upsertWorkflowSearchAttributesEventAttributes;
    const types = (events: temporal.api.history.v1.IHistoryEvent[]) => events.map((e) => e.eventType);
    expect(plain.filter(isUpsert)).toEqual([]);
    expect(visibilityWrites(upserts).upserts).toEqual(UPSERT_PROBE_STEPS.map((stage) => ({ MigrationStage: stage })));
    expect(types(upserts.filter((e) => !isUpsert(e)))).toEqual(types(plain));
  }, 60_000);
});

const ignore = () => undefined;
const quiet = { log: ignore, trace: ignore, debug: ignore, info: ignore, warn: ignore, error: ignore };
