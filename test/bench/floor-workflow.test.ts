import { WorkflowUpdateFailedError } from '@temporalio/client';
import { bundleWorkflowCode } from '@temporalio/worker';
import { join } from 'node:path';
import { FLOOR_ID_PREFIX } from '../../bench/drive';
import { fleetInventory } from '../../bench/fleet-inventory';
import { floorWaitingFinder } from '../../bench/floor-waiting';
import { FLOOR_WORKFLOW } from '../../bench/floor-workflow';
import { DISK_GB_NEVER } from '../../bench/parked-shape';
import { parseMigrationRequest } from '../../common/migration-request';
import { startEmulator, type RunningEmulator } from '../../emulator';
import { createMigrationWorker } from '../../workers/worker';
import { adapterFor } from '../support/emulator-fixture';
import { waitUntil } from '../support/polling';
import { testConnection, uniqueTaskQueue, type TestConnection } from '../support/temporal';

/**
 * The bench's floor (bench/floor-workflow.ts) is driven like siteshift: it accepts each approval only in its
 * waiting stage (a refusal writes no history), and the bench's operator finds it waiting without a query.
 */
describe('the floor workflow of npm run bench', () => {
  let test: TestConnection;
  let emulator: RunningEmulator;
  let code: string;

  beforeAll(async () => {
    test = await testConnection();
    code = (await bundleWorkflowCode({ workflowsPath: join(__dirname, '..', '..', 'bench', 'floor-workflow.ts'), logger: quiet })).code;
  }, 120_000);
  afterAll(async () => {
    await emulator?.stop();
    await test?.close();
  });

  it('refuses each approval outside its waiting stage, leaves no trace of the refusals, and is found waiting only when it waits', async () => {
    // A disk that takes ~25 years to sync (~9 days at time scale 1000): the floor syncs until the clock is moved.
    const { inventory, requests } = fleetInventory(1, DISK_GB_NEVER, `floor-${Date.now().toString(36)}`);
    emulator = await startEmulator({ inventory, timeScale: 1000 });
    const [request] = requests;
    const taskQueue = uniqueTaskQueue('floor');
    const worker = await createMigrationWorker({
      connection: test.connection,
      namespace: test.namespace,
      taskQueue,
      siteRecovery: adapterFor(emulator),
      workflowBundle: { code },
    });
    await worker.runUntil(async () => {
      const handle = await test.client.workflow.start(FLOOR_WORKFLOW, {
        taskQueue,
        workflowId: `${FLOOR_ID_PREFIX}${request.machineId}`,
        args: [parseMigrationRequest(request)],
      });
      const findWaiting = floorWaitingFinder(test.client, emulator, [request.machineId], FLOOR_ID_PREFIX);
      const stage = () => handle.query<string>('stage');
      const approve = (name: string) => handle.executeUpdate(name, { args: [{ by: 'test' }] });
      const refused = async (name: string, inStage: string) => {
        expect(await stage()).toBe(inStage);
        await expect(approve(name)).rejects.toThrow(WorkflowUpdateFailedError);
        expect(await stage()).toBe(inStage);
      };
      const found = async () => (await findWaiting(['approveTestFailover', 'approveFailover'], new Set())).waiting.map((w) => w.approval);

      await waitUntil('the floor syncing', stage, (s) => s === 'InitialReplication');
      await refused('approveTestFailover', 'InitialReplication');
      await refused('approveFailover', 'InitialReplication');
      expect(await found()).toEqual([]);

      emulator.advanceClock(1e9);
      await waitUntil('the floor waiting for test approval', stage, (s) => s === 'AwaitingTestApproval');
      await refused('approveFailover', 'AwaitingTestApproval');
      await waitUntil('the finder to see it wait', found, (f) => f.length > 0);
      expect(await found()).toEqual(['approveTestFailover']);
      await approve('approveTestFailover');

      await waitUntil('the floor waiting for failover approval', stage, (s) => s === 'AwaitingFailoverApproval');
      await refused('approveTestFailover', 'AwaitingFailoverApproval');
      await waitUntil('the finder to see it wait', found, (f) => f.length > 0);
      expect(await found()).toEqual(['approveFailover']);
      await approve('approveFailover');
      expect(await handle.result()).toBe('Completed');

      const events = (await handle.fetchHistory()).events ?? [];
      const updates = events.filter((e) => e.workflowExecutionUpdateAcceptedEventAttributes);
      expect(updates.map((e) => e.workflowExecutionUpdateAcceptedEventAttributes!.acceptedRequest!.input!.name)).toEqual([
        'approveTestFailover',
        'approveFailover',
      ]);
      expect(events.filter((e) => e.workflowTaskFailedEventAttributes)).toEqual([]);
    });
  }, 120_000);
});

const ignore = () => undefined;
const quiet = { log: ignore, trace: ignore, debug: ignore, info: ignore, warn: ignore, error: ignore };
