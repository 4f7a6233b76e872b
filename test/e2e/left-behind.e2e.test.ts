import { MigrationClient } from '../../client';
import { replicatedItemRefFor } from '../../common/ids';
import type { MigrationRequest } from '../../common/migration-request';
import type { MigrationStatus } from '../../common/migration-status';
import { e2eAdapter, e2eRequest, SIDE_EFFECT_OPERATIONS as OP, sideEffectCounts, startE2eEmulator, type E2eEmulator } from '../support/e2e';
import { withWorker } from '../support/temporal';

let emulator: E2eEmulator;
beforeAll(async () => {
  emulator = await startE2eEmulator();
});
afterAll(() => emulator?.stop());

async function migrate(request: MigrationRequest): Promise<MigrationStatus> {
  return withWorker({ siteRecovery: e2eAdapter(emulator.current) }, async ({ client, taskQueue }) => {
    const migrations = new MigrationClient(client, taskQueue);
    await migrations.startMigration(request);
    return migrations.waitForResult(request.machineId);
  });
}

/** The reads of a machine's protected item that found nothing. */
const notFoundReads = (machineId: string) =>
  emulator.current
    .requestLog()
    .filter(
      (entry) =>
        entry.operation === 'ReplicationProtectedItems_Get' &&
        entry.status === 404 &&
        entry.resourceId?.endsWith(`/${machineId.toLowerCase()}`),
    );

describe('a failed migration says replication stays only when ASR has it', () => {
  it('enable refused with ProcessServerNotFound: the item was read, not found, and nothing is left behind', async () => {
    const request = e2eRequest('misconfigured-unknown-process-server');
    const final = await migrate(request);
    expect(final.lastError).toMatchObject({ code: 'ProcessServerNotFound', stage: 'EnablingReplication' });
    expect(final.leftBehind).toEqual([]);
    expect(notFoundReads(request.machineId).length).toBeGreaterThan(0);
  });

  it('enable refused with ProtectableItemAlreadyProtected: nothing is said of the other item, which stays untouched', async () => {
    const owner = e2eRequest('vmware');
    await e2eAdapter(emulator.current).enableReplication(owner, { onSubmitted: () => undefined });
    const other: MigrationRequest = { ...owner, machineId: `${owner.machineId}-again` };

    const final = await migrate(other);
    expect(final.lastError).toMatchObject({ code: 'ProtectableItemAlreadyProtected', stage: 'EnablingReplication' });
    expect(final.leftBehind).toEqual([]);
    expect(sideEffectCounts(emulator.current, owner.machineId)).toEqual({ [OP.enable]: 1 });
    expect(await e2eAdapter(emulator.current).findReplication(replicatedItemRefFor(owner))).toBeDefined();
  });
});
