import { parseMigrationRequest } from '../../common/migration-request';
import type { RunningEmulator } from '../../emulator';
import type { SiteRecovery } from '../../site-recovery/site-recovery';
import { armClient } from '../support/arm-client';
import { adapterFor, recordingOp, startTestEmulator } from '../support/emulator-fixture';
import { sampleEntry } from '../support/samples';

let emulator: RunningEmulator;
let adapter: SiteRecovery;

beforeAll(async () => {
  emulator = await startTestEmulator();
  adapter = adapterFor(emulator);
});
afterAll(() => emulator?.stop());

/** The protected item's providerSpecificDetails, as ASR shows them. */
async function detailsOf(request: { machineId: string; source: { fabricName: string; protectionContainerName: string } }) {
  const client = armClient(emulator);
  const item = await client.get(client.item(request.source.fabricName, request.source.protectionContainerName, request.machineId));
  return item.body.properties.providerSpecificDetails;
}

describe('the multi-VM group of a request reaches ASR through the adapter', () => {
  it.each([
    ['vmware', { instanceType: 'InMageRcm', multiVmGroupName: 'crm-tier' }],
    ['physical', { instanceType: 'InMageRcm', multiVmGroupName: 'crm-tier' }],
    ['azure', { instanceType: 'A2A', multiVmGroupName: 'crm-tier', multiVmGroupCreateOption: 'UserSpecified' }],
  ])('%s: the protected item joins the group', async (sample, expected) => {
    const request = parseMigrationRequest({ ...sampleEntry(sample).request, multiVmGroupName: 'crm-tier' });
    await adapter.enableReplication(request, recordingOp());
    expect(await detailsOf(request)).toMatchObject(expected);
  });
});
