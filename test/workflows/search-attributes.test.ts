import { defaultPayloadConverter } from '@temporalio/common';
import { MigrationClient } from '../../client';
import { MIGRATION_STAGE, STAGES_NOT_SEARCHABLE } from '../../common/search-attributes';
import { InMemorySiteRecovery } from '../support/in-memory-site-recovery';
import { requestFor } from '../support/requests';
import { withWorker } from '../support/temporal';
import { HAPPY_PATH, startMigration, waitForStage, type MigrationHandle } from '../support/migration-harness';

type Payload = Parameters<typeof defaultPayloadConverter.fromPayload>[0];

/** The custom search attributes each upsert of the history set (TemporalChangeVersion, the SDK's patch record, left out). */
async function upserts(handle: MigrationHandle): Promise<Record<string, unknown>[]> {
  const events = (await handle.fetchHistory()).events ?? [];
  return events
    .map((e) => e.upsertWorkflowSearchAttributesEventAttributes?.searchAttributes?.indexedFields)
    .filter((fields): fields is NonNullable<typeof fields> => !!fields)
    .map((fields) =>
      Object.fromEntries(
        Object.entries(fields)
          .filter(([key]) => key !== 'TemporalChangeVersion')
          .map(([key, p]) => [key, defaultPayloadConverter.fromPayload(p as Payload)]),
      ),
    )
    .filter((fields) => Object.keys(fields).length > 0);
}

async function approveThrough(handle: MigrationHandle): Promise<void> {
  await waitForStage(handle, 'AwaitingTestApproval');
  await handle.executeUpdate('approveTestFailover', { args: [{ by: 'alice' }] });
  await waitForStage(handle, 'AwaitingFailoverApproval');
  await handle.executeUpdate('approveFailover', { args: [{ by: 'bob' }] });
  await handle.result();
}

const SEARCHABLE_PATH = HAPPY_PATH.slice(1).filter((stage) => !STAGES_NOT_SEARCHABLE.includes(stage));

describe('search attributes', () => {
  it('are upserted only for the stages people query, never repeating what the start set', async () => {
    const asr = new InMemorySiteRecovery();
    await withWorker({ siteRecovery: asr }, async ({ client, taskQueue }) => {
      const started = await new MigrationClient(client, taskQueue).startMigration(requestFor('vmware-to-azure', { wave: 'wave-7' }));
      const handle = started.handle as MigrationHandle;
      await approveThrough(handle);
      expect(await upserts(handle)).toEqual(SEARCHABLE_PATH.map((stage) => ({ [MIGRATION_STAGE.name]: stage })));
      expect((await handle.describe()).typedSearchAttributes.get(MIGRATION_STAGE)).toBe('Completed');
    });
  });

  it('are set by the workflow when whoever started it did not set them', async () => {
    const asr = new InMemorySiteRecovery();
    await withWorker({ siteRecovery: asr }, async ({ client, taskQueue }) => {
      const handle = await startMigration(client, taskQueue, requestFor('hyperv-to-azure', { wave: 'wave-8' }));
      await approveThrough(handle);
      const [first, ...rest] = await upserts(handle);
      expect(first).toEqual({ MigrationStage: 'Preflight', SourcePlatform: 'hyperv-to-azure', MigrationWave: 'wave-8' });
      expect(rest).toEqual(SEARCHABLE_PATH.map((stage) => ({ [MIGRATION_STAGE.name]: stage })));
    });
  });
});
