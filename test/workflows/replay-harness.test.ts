import { randomUUID } from 'node:crypto';
import { DeterminismViolationError } from '@temporalio/workflow';
import type { temporal } from '@temporalio/proto';
import { createFixtureActivities } from '../support/fixtures/activities';
import { replayHistory, withWorker } from '../support/temporal';

describe('replayHistory', () => {
  let history: temporal.api.history.v1.IHistory;

  beforeAll(async () => {
    history = await withWorker({ workflows: 'fixtures', activities: createFixtureActivities('Hello') }, async ({ client, taskQueue }) => {
      const handle = await client.workflow.start('greet', { taskQueue, workflowId: `greet-${randomUUID()}`, args: ['Ada'] });
      await handle.result();
      return handle.fetchHistory();
    });
  });

  it('replays a recorded history against the bundled code without complaint', async () => {
    await expect(replayHistory(history, 'fixtures')).resolves.toBeUndefined();
  });

  it('reports a determinism violation when the code makes other decisions than the history recorded', async () => {
    // The same history, as if it had been recorded by `tagStage`, which schedules no activity.
    const asOtherWorkflow = structuredClone(history);
    asOtherWorkflow.events![0].workflowExecutionStartedEventAttributes!.workflowType = { name: 'tagStage' };
    await expect(replayHistory(asOtherWorkflow, 'fixtures')).rejects.toThrow(DeterminismViolationError);
  });
});
