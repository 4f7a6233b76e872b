import { WorkflowFailedError, WorkflowNotFoundError } from '@temporalio/client';
import { MigrationClient } from '../../client';
import { WaveClient } from '../../client/wave-client';
import { InvalidMigrationRequestError, type MigrationRequestInput } from '../../common/migration-request';
import { InvalidWaveRequestError } from '../../common/wave-request';
import { armClient } from '../support/arm-client';
import { e2eAdapter, type E2eEmulator } from '../support/e2e';
import { requestFor } from '../support/requests';
import { withWorker } from '../support/temporal';
import { reachWave, waveEmulator, waveOf } from '../support/waves';

jest.setTimeout(90_000);
let emulator: E2eEmulator;
let requests: MigrationRequestInput[];
beforeAll(async () => {
  ({ emulator, requests } = await waveEmulator(3));
});
afterAll(() => emulator?.stop());

/** The multi-VM group the emulator shows on the machine's protected item (InMageRcmReplicationDetails.multiVmGroupName). */
async function groupShownFor(request: MigrationRequestInput): Promise<string | undefined> {
  const client = armClient(emulator.current);
  const source = request.source as { fabricName: string; protectionContainerName: string };
  const item = await client.get(client.item(source.fabricName, source.protectionContainerName, request.machineId));
  expect(item.status).toBe(200);
  return item.body.properties.providerSpecificDetails.multiVmGroupName;
}

describe('migrateWave: a group’s ASR multi-VM consistency group', () => {
  it('enables replication of every machine of the group in the group (VMware), and of none of another group', async () => {
    await withWorker({ siteRecovery: e2eAdapter(emulator.current) }, async ({ client, taskQueue }) => {
      const waves = new WaveClient(client, taskQueue);
      const request = waveOf('mvg', requests, [2, 1]);
      request.groups[0].multiVmGroupName = 'crm-db';
      await waves.startWave(request);
      await reachWave(waves, request.name, 'AwaitingWaveTestApproval');
      const [db, app] = request.groups.map((g) => g.machines);
      for (const machine of db) expect(await groupShownFor(machine)).toBe('crm-db');
      expect(await groupShownFor(app[0])).toBeUndefined();
      // waveStatus shows the group's multi-VM group, and none for a group that names none.
      const [dbView, appView] = (await waves.waveStatus(request.name)).groups;
      expect(dbView.multiVmGroupName).toBe('crm-db');
      expect(appView).not.toHaveProperty('multiVmGroupName');

      await waves.abortWave(request.name, { by: 'ana', reason: 'test over' });
      expect((await waves.waitForResult(request.name)).stage).toBe('Aborted');
    });
  });

  it('refuses a group naming one with a Hyper-V machine, in the client and in the workflow, naming the field; nothing starts', async () => {
    await withWorker({ siteRecovery: e2eAdapter(emulator.current) }, async ({ client, taskQueue }) => {
      const waves = new WaveClient(client, taskQueue);
      const hyperV = requestFor('hyperv-to-azure');
      const request = waveOf('mvg-hyperv', [requestFor('vmware-to-azure'), hyperV], [2]);
      request.groups[0].multiVmGroupName = 'crm-db';
      const refused = await waves.startWave(request).catch((error: unknown) => error);
      expect(refused).toBeInstanceOf(InvalidWaveRequestError);
      expect((refused as InvalidWaveRequestError).issues).toEqual([
        { path: 'groups.0.multiVmGroupName', message: expect.stringContaining(`machine ${hyperV.machineId} (hyperv-to-azure)`) },
      ]);

      // Started by hand, past the client: the workflow refuses it the same way before anything starts.
      const raw = await client.workflow.start('migrateWave', { taskQueue, workflowId: `wave-${request.name}`, args: [request] });
      await expect(raw.result()).rejects.toThrow(WorkflowFailedError);
      const status = await waves.waveStatus(request.name);
      expect(status).toMatchObject({ stage: 'Failed', lastError: { code: 'InvalidWaveRequest' } });
      expect(status.requestErrors?.map((e) => e.path)).toEqual(['groups.0.multiVmGroupName']);
      for (const m of request.groups[0].machines)
        await expect(client.workflow.getHandle(`migrate-${m.machineId}`).describe()).rejects.toThrow(WorkflowNotFoundError);
    });
  });

  it('refuses a single Hyper-V migration naming one, in the client and in the workflow', async () => {
    await withWorker({ siteRecovery: e2eAdapter(emulator.current) }, async ({ client, taskQueue }) => {
      const migrations = new MigrationClient(client, taskQueue);
      const request = requestFor('hyperv-to-azure', { multiVmGroupName: 'crm-db' });
      const refused = await migrations.startMigration(request).catch((error: unknown) => error);
      expect(refused).toBeInstanceOf(InvalidMigrationRequestError);
      expect((refused as InvalidMigrationRequestError).issues.map((i) => i.path)).toEqual(['multiVmGroupName']);

      const raw = await client.workflow.start('migrateMachine', { taskQueue, workflowId: `migrate-${request.machineId}`, args: [request] });
      await expect(raw.result()).rejects.toThrow(WorkflowFailedError);
      const status = await migrations.status(request.machineId);
      expect(status.stage).toBe('Failed');
      expect(status.requestErrors).toEqual([
        { path: 'multiVmGroupName', message: expect.stringMatching(/^is not supported for hyperv-to-azure/) },
      ]);
    });
  });
});
