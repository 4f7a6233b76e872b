import { defaultPayloadConverter } from '@temporalio/common';
import { InMemorySiteRecovery } from '../support/in-memory-site-recovery';
import { requestFor } from '../support/requests';
import { withWorker } from '../support/temporal';
import { startMigration, waitForStage, type MigrationHandle } from '../support/migration-harness';

type Payload = Parameters<typeof defaultPayloadConverter.fromPayload>[0];

/** Every heartbeat the server holds for the pending activity of this type, as often as describe can see it. */
async function heartbeatsSeen(handle: MigrationHandle, activityType: string, until: Promise<unknown>): Promise<unknown[]> {
  const seen: unknown[] = [];
  let done = false;
  void until.finally(() => (done = true));
  const look = async () => {
    const { raw } = await handle.describe();
    const payload = raw.pendingActivities?.find((a) => a.activityType?.name === activityType)?.heartbeatDetails?.payloads?.[0];
    if (payload) seen.push(defaultPayloadConverter.fromPayload(payload as Payload));
  };
  while (!done) {
    await look();
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
  // `until` may have resolved after this loop's last look: one more, so what it saw is seen here too.
  await look();
  return seen;
}

describe('long operations heartbeat', () => {
  it('first with the resume token of the submitted operation, never an empty heartbeat before it', async () => {
    const asr = new InMemorySiteRecovery();
    const held = asr.hold('testFailover');
    await withWorker({ siteRecovery: asr }, async ({ client, taskQueue }) => {
      const request = requestFor('vmware-to-azure');
      const handle = await startMigration(client, taskQueue, request);
      await waitForStage(handle, 'TestFailover');
      const tokenSeen = (async () => {
        await held.reached;
        for (;;) {
          const { raw } = await handle.describe();
          if (raw.pendingActivities?.some((a) => a.activityType?.name === 'runTestFailover' && a.heartbeatDetails?.payloads?.length))
            return;
          await new Promise((resolve) => setTimeout(resolve, 50));
        }
      })();
      const seen = await heartbeatsSeen(handle, 'runTestFailover', tokenSeen);
      expect(seen.length).toBeGreaterThan(0);
      expect(seen.every((details) => (details as { resumeToken?: string }).resumeToken === `testFailover/${request.machineId}`)).toBe(true);
      held.release();
      await waitForStage(handle, 'AwaitingTestApproval');
      await handle.terminate('test done');
    });
  });
});
