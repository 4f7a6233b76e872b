import { randomUUID } from 'node:crypto';
import type { WorkflowHandle } from '@temporalio/client';
import { createFixtureActivities } from '../support/fixtures/activities';
import { waitUntil } from '../support/polling';
import { testConnection, uniqueTaskQueue, withWorker, type TestConnection } from '../support/temporal';

describe('a workflow outliving its worker on the shared dev server', () => {
  let test: TestConnection;
  beforeAll(async () => {
    test = await testConnection();
  });
  afterAll(async () => {
    await test.close();
  });

  it('is finished by a second worker on the same task queue after the first one stopped', async () => {
    const taskQueue = uniqueTaskQueue('restart');
    const workflowId = `release-${randomUUID()}`;

    await withWorker(
      { workflows: 'fixtures', activities: createFixtureActivities('Hi'), taskQueue, connection: test },
      async ({ client }) => {
        const handle = await client.workflow.start('waitForRelease', { taskQueue, workflowId });
        await firstWorkflowTaskCompleted(handle);
      },
    );

    const handle = test.client.workflow.getHandle(workflowId);
    expect((await handle.describe()).status.name).toBe('RUNNING');

    const result = await withWorker(
      { workflows: 'fixtures', activities: createFixtureActivities('Hi'), taskQueue, connection: test },
      async () => {
        await handle.signal('release', 'second worker');
        return handle.result();
      },
    );
    expect(result).toBe('second worker');
  });
});

async function firstWorkflowTaskCompleted(handle: WorkflowHandle): Promise<void> {
  await waitUntil(
    `workflow ${handle.workflowId} to complete its first workflow task`,
    () => handle.fetchHistory(),
    (history) => Boolean(history.events?.some((event) => event.workflowTaskCompletedEventAttributes)),
  );
}
