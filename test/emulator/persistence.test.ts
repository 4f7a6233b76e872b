import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startEmulator, type RunningEmulator } from '../../emulator';
import { armClient } from '../support/arm-client';
import { discoveryId, inMageRcmBody, VMWARE_PS } from '../support/enable-bodies';

let dir: string;
let emulator: RunningEmulator | undefined;

beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'asr-emulator-'));
});
afterEach(async () => {
  await emulator?.stop();
  emulator = undefined;
  rmSync(dir, { recursive: true, force: true });
});

const vmware = (name: string) => discoveryId('VMwareSites', 'contoso-vmware-site', name);

describe('persistence', () => {
  it('survives a restart mid-sync and mid-operation: items, progress, operations, certificate and request log', async () => {
    const statePath = join(dir, 'state.json');
    emulator = await startEmulator({ statePath, timeScale: 1 });
    let client = armClient(emulator);
    const { port, certificatePem } = emulator;

    const syncing = client.item('vmware-appliance', 'vmware-appliance-container', 'vmw-app-01');
    await client.complete(await client.call('PUT', syncing, inMageRcmBody(client, vmware('vmw-app-01'), VMWARE_PS)));
    emulator.advanceClock(2000); // 64 GiB at 100 Mbit/s: 5498 s
    const before = (await client.get(syncing)).body.properties.providerSpecificDetails.initialReplicationProgressPercentage;
    expect(before).toBeGreaterThanOrEqual(36);

    const inFlight = await client.call(
      'PUT',
      client.item('vmware-appliance', 'vmware-appliance-container', 'vmw-db-01'),
      inMageRcmBody(client, vmware('vmw-db-01'), VMWARE_PS),
    );
    expect(inFlight.status).toBe(202);
    const logged = emulator.requestLog().length;
    await emulator.stop();
    expect(readdirSync(dir).filter((f) => f.endsWith('.tmp'))).toEqual([]);
    expect(JSON.parse(readFileSync(statePath, 'utf8')).version).toBe(1);

    emulator = await startEmulator({ statePath, timeScale: 1, port });
    client = armClient(emulator);
    expect(emulator.certificatePem).toBe(certificatePem);
    expect(emulator.requestLog()).toHaveLength(logged);

    const after = (await client.get(syncing)).body.properties.providerSpecificDetails.initialReplicationProgressPercentage;
    expect(after).toBeGreaterThanOrEqual(before);
    expect(after).toBeLessThan(100);

    // The operation URL handed out before the restart still works, and the job finishes.
    const resumed = await client.complete(inFlight);
    expect(resumed.operation.status).toBe('Succeeded');
    expect(resumed.result.body.name).toBe('vmw-db-01');
    expect(emulator.requestLog().filter((e) => e.operation === 'ReplicationProtectedItems_Create' && e.status === 202)).toHaveLength(2);

    emulator.advanceClock(10_000);
    expect((await client.get(syncing)).body.properties.protectionState).toBe('Protected');
  });

  it('starts from the inventory alone when there is no state file, and refuses a corrupt one', async () => {
    const statePath = join(dir, 'state.json');
    emulator = await startEmulator({ statePath });
    expect(emulator.state().items).toEqual({});
    await emulator.stop();
    emulator = undefined;
    writeFileSync(statePath, '{ not json');
    await expect(startEmulator({ statePath })).rejects.toThrow(/not valid JSON.*delete it/);
  });
});
