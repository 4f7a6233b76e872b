import { randomUUID } from 'node:crypto';
import fc from 'fast-check';
import { WorkflowFailedError, WorkflowNotFoundError } from '@temporalio/client';
import { InvalidBatchError, InvalidMigrationRequestError, MigrationClient } from '../../client';
import { MachineIdSchema } from '../../common/migration-request';
import { workflowIdFor } from '../../common/ids';
import { MIGRATE_MACHINE_WORKFLOW } from '../../workflows/definitions';
import { invalidRequestArb, issueNaming, validRequestArb, type InvalidRequest } from '../support/request-arbitraries';
import { InMemorySiteRecovery } from '../support/in-memory-site-recovery';
import { requestFor } from '../support/requests';
import { testConnection, uniqueTaskQueue, withWorker, type TestConnection } from '../support/temporal';

/** Runs that touch Temporal stay few; the pure schema properties (test/common) run many more. */
const RUNS = { invalid: 50, valid: 15, raw: 20 };
/** A raw start that has not failed by then was accepted by the workflow (or the machine is badly overloaded). */
const RUN_DEADLINE_MS = 20_000;

/** Machine ids unique to this run, so no generated request meets another test's workflow. */
const machineIdArb = fc.uuid().map((uuid) => `prop-${uuid}`);

function describeFailure(invalid: InvalidRequest, issues: unknown): string {
  return `${invalid.mutation}: no issue naming "${invalid.path}" in ${JSON.stringify(issues)}`;
}

/** "Invalid migration request:\n  - path: message" lines back into issues. */
function issuesInMessage(message: string): { path: string; message: string }[] {
  return [...message.matchAll(/^ {2}- (.*?): (.*)$/gm)].map(([, path, text]) => ({
    path: path === '(request)' ? '' : path,
    message: text,
  }));
}

describe('requests through MigrationClient against the dev server, property-based', () => {
  let test: TestConnection;
  beforeAll(async () => {
    test = await testConnection();
  });
  afterAll(() => test.close());

  async function exists(machineId: unknown): Promise<boolean> {
    if (!MachineIdSchema.safeParse(machineId).success) return false;
    try {
      await test.client.workflow.getHandle(workflowIdFor(machineId as string)).describe();
      return true;
    } catch (error) {
      if (error instanceof WorkflowNotFoundError) return false;
      throw error;
    }
  }

  it('refuses every invalid request, alone and in a batch, naming the field, and starts nothing', async () => {
    const migrations = new MigrationClient(test.client, uniqueTaskQueue());
    await fc.assert(
      fc.asyncProperty(invalidRequestArb(validRequestArb(machineIdArb)), async (invalid) => {
        const alone = await migrations.startMigration(invalid.request).catch((e: unknown) => e);
        if (!(alone instanceof InvalidMigrationRequestError)) throw new Error(`${invalid.mutation}: startMigration gave ${String(alone)}`);
        if (!issueNaming(invalid, alone.issues)) throw new Error(describeFailure(invalid, alone.issues));

        const good = requestFor('physical-to-azure');
        const batch = await migrations.startBatch([good, invalid.request]).catch((e: unknown) => e);
        if (!(batch instanceof InvalidBatchError)) throw new Error(`${invalid.mutation}: startBatch gave ${String(batch)}`);
        expect(batch.items.map((item) => item.index)).toEqual([1]);
        if (!issueNaming(invalid, batch.items[0].issues)) throw new Error(describeFailure(invalid, batch.items[0].issues));

        expect(await exists(invalid.request.machineId)).toBe(false);
        expect(await exists(good.machineId)).toBe(false);
      }),
      { numRuns: RUNS.invalid },
    );
  });

  it('starts every valid request, unicode and all', async () => {
    const migrations = new MigrationClient(test.client, uniqueTaskQueue());
    await fc.assert(
      fc.asyncProperty(validRequestArb(machineIdArb), async (request) => {
        const started = await migrations.startMigration(request);
        try {
          expect(started.alreadyRunning).toBe(false);
          const description = await started.handle.describe();
          expect(description.status.name).toBe('RUNNING');
        } finally {
          await started.handle.terminate('property test over');
        }
      }),
      { numRuns: RUNS.valid },
    );
  });

  it('has the workflow itself refuse every invalid request started raw, naming the field, before touching Site Recovery', async () => {
    const siteRecovery = new InMemorySiteRecovery();
    await withWorker({ siteRecovery }, async ({ client, taskQueue }) => {
      await fc.assert(
        fc.asyncProperty(invalidRequestArb(validRequestArb(machineIdArb)), async (invalid) => {
          const machineId = invalid.request.machineId;
          // Temporal refuses workflow ids over 1,000 characters itself; such a start never reaches the workflow.
          const usable = typeof machineId === 'string' && workflowIdFor(machineId).length <= 1000;
          const workflowId = usable ? workflowIdFor(machineId) : `migrate-raw-${randomUUID()}`;
          const handle = await client.workflow.start(MIGRATE_MACHINE_WORKFLOW, { args: [invalid.request], workflowId, taskQueue });
          const failure = await test.client.withDeadline(Date.now() + RUN_DEADLINE_MS, () => handle.result()).catch((e: unknown) => e);
          if (!(failure instanceof WorkflowFailedError)) {
            await handle.terminate('property test over').catch(() => undefined);
            throw new Error(`${invalid.mutation}: the workflow did not fail: ${String(failure)}`);
          }
          const issues = issuesInMessage(failure.cause?.message ?? '');
          if (!issueNaming(invalid, issues)) throw new Error(describeFailure(invalid, failure.cause?.message));
        }),
        { numRuns: RUNS.raw },
      );
    });
    expect(siteRecovery.calls).toEqual([]);
  }, 240_000);
});
