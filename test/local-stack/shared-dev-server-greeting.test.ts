import { randomUUID } from 'node:crypto';
import type { Client } from '@temporalio/client';
import { createFixtureActivities } from '../support/fixtures/activities';
import { waitUntil } from '../support/polling';
import { testConnection, withWorker } from '../support/temporal';

// Together with shared-dev-server-restart.test.ts: two test files, each with its own workers and clients against
// the one dev server of the run, which is what breaks when Jest module isolation and a shared runtime collide.

describe('workers and clients against the shared dev server', () => {
  it('runs a bundled workflow and its activity to completion', async () => {
    const result = await withWorker({ workflows: 'fixtures', activities: createFixtureActivities('Hello') }, ({ client, taskQueue }) =>
      client.workflow.execute('greet', { taskQueue, workflowId: `greet-${randomUUID()}`, args: ['Ada'] }),
    );
    expect(result).toBe('Hello, Ada!');
  });

  it('keeps concurrent workers apart on their own task queues', async () => {
    const greetWith = (greeting: string) =>
      withWorker({ workflows: 'fixtures', activities: createFixtureActivities(greeting) }, ({ client, taskQueue }) =>
        client.workflow.execute('greet', { taskQueue, workflowId: `greet-${randomUUID()}`, args: ['Grace'] }),
      );
    await expect(Promise.all([greetWith('Hi'), greetWith('Bonjour')])).resolves.toEqual(['Hi, Grace!', 'Bonjour, Grace!']);
  });

  it('has the custom search attributes registered, so workflows are found by MigrationStage', async () => {
    const stage = `InfraCheck-${randomUUID()}`;
    const workflowId = `tag-${randomUUID()}`;
    await withWorker({ workflows: 'fixtures', activities: createFixtureActivities('Hi') }, ({ client, taskQueue }) =>
      client.workflow.execute('tagStage', { taskQueue, workflowId, args: [stage] }),
    );

    const test = await testConnection();
    try {
      await expect(eventuallyListed(test.client, `MigrationStage='${stage}'`)).resolves.toEqual([workflowId]);
    } finally {
      await test.close();
    }
  });
});

/** Visibility is eventually consistent: poll until the query returns something (or the polling helper's bound). */
async function eventuallyListed(client: Client, query: string): Promise<string[]> {
  const listed = async () => {
    const ids: string[] = [];
    for await (const execution of client.workflow.list({ query })) ids.push(execution.workflowId);
    return ids;
  };
  return waitUntil(`a workflow listed by ${query}`, listed, (ids) => ids.length > 0, { intervalMs: 200 });
}
