import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startEmulator, type RunningEmulator } from '../../emulator';
import { armClient, type ArmClient } from '../support/arm-client';
import { LOG_STORAGE_ACCOUNT_ID, REPROTECT_AGENTS } from '../support/dr-inventory';
import { discoveryId, inMageRcmBody, VMWARE_PS } from '../support/enable-bodies';

/**
 * The InMageRcm DR state machine on the wire (raw HTTPS, as ASR exposes it), across emulator restarts: RPO fields and
 * health under a replication fault, failover, commit, reprotect to on-premises (InMageRcmFailback), failback, commit,
 * reprotect to Azure, with activeLocation, protectionState and allowedOperations at each step.
 */

let dir: string;
let emulator: RunningEmulator | undefined;

beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'asr-emulator-dr-'));
});
afterEach(async () => {
  await emulator?.stop();
  emulator = undefined;
  rmSync(dir, { recursive: true, force: true });
});

async function restart(statePath: string, port: number): Promise<ArmClient> {
  await emulator?.stop();
  emulator = await startEmulator({ statePath, port, timeScale: 1 });
  return armClient(emulator);
}

async function run(client: ArmClient, path: string, action: string, body?: unknown) {
  const { operation, result } = await client.complete(await client.call('POST', `${path}/${action}`, body));
  expect({ action, status: operation.status }).toEqual({ action, status: 'Succeeded' });
  return result.body.properties;
}

const step = (p: any) => ({
  protectionState: p.protectionState,
  activeLocation: p.activeLocation,
  allowedOperations: p.allowedOperations,
  provider: p.providerSpecificDetails.instanceType,
});

it('VMware: RPO under a paused replication survives a restart, then a full failover, failback and reprotect cycle', async () => {
  const statePath = join(dir, 'state.json');
  emulator = await startEmulator({ statePath, timeScale: 1 });
  const port = emulator.port;
  let client = armClient(emulator);
  const path = client.item('vmware-appliance', 'vmware-appliance-container', 'vmw-app-01');
  const machine = discoveryId('VMwareSites', 'contoso-vmware-site', 'vmw-app-01');
  await client.complete(await client.call('PUT', path, inMageRcmBody(client, machine, VMWARE_PS)));
  emulator.advanceClock(100_000);

  emulator.setFaults({ replicationThroughput: [{ item: 'vmw-app-01', factor: 0 }] });
  emulator.advanceClock(2400);
  const paused = (await client.get(path)).body.properties;
  expect(paused.replicationHealth).toBe('Warning');
  expect(paused.providerSpecificDetails.lastRpoInSeconds).toBeGreaterThanOrEqual(2430);
  expect(paused.healthErrors).toEqual([expect.objectContaining({ errorCode: 'RpoThresholdExceeded', errorLevel: 'Warning' })]);

  // Restarted without the fault: the backlog is kept, and drains.
  client = await restart(statePath, port);
  const resumed = (await client.get(path)).body.properties.providerSpecificDetails.lastRpoInSeconds;
  expect(resumed).toBeGreaterThanOrEqual(2430);
  emulator!.advanceClock(600);
  expect((await client.get(path)).body.properties.providerSpecificDetails.lastRpoInSeconds).toBeLessThanOrEqual(resumed - 1800);
  emulator!.advanceClock(600);
  expect((await client.get(path)).body.properties).toMatchObject({ replicationHealth: 'Normal', healthErrors: [] });

  const failedOver = await run(client, path, 'unplannedFailover', {
    properties: { failoverDirection: 'PrimaryToRecovery', providerSpecificDetails: { instanceType: 'InMageRcm', performShutdown: 'true' } },
  });
  expect(step(failedOver)).toEqual({
    protectionState: 'UnplannedFailoverCommitPendingStatesBegin',
    activeLocation: 'Recovery',
    allowedOperations: ['CompleteMigration', 'Commit', 'DisableProtection', 'ChangePit'],
    provider: 'InMageRcm',
  });
  expect(failedOver.providerSpecificDetails.lastRpoInSeconds).toBeUndefined();
  const committed = await run(client, path, 'failoverCommit');
  expect(step(committed)).toMatchObject({
    activeLocation: 'Recovery',
    allowedOperations: ['CompleteMigration', 'DisableProtection', 'ReverseReplicate'],
  });

  const reverse = await run(client, path, 'reProtect', {
    properties: {
      failoverDirection: 'RecoveryToPrimary',
      providerSpecificDetails: {
        instanceType: 'InMageRcm',
        reprotectAgentId: REPROTECT_AGENTS.vmware.id,
        datastoreName: REPROTECT_AGENTS.vmware.datastore,
        logStorageAccountId: LOG_STORAGE_ACCOUNT_ID,
      },
    },
  });
  expect(step(reverse)).toEqual({
    protectionState: 'Protected',
    activeLocation: 'Recovery',
    allowedOperations: ['PlannedFailover', 'DisableProtection'],
    provider: 'InMageRcmFailback',
  });
  expect(reverse.providerSpecificDetails).toMatchObject({
    reprotectAgentName: 'vmware-appliance-ps',
    targetDataStoreName: 'datastore-ssd-01',
    targetvCenterId: 'vcenter01.contoso.local',
    logStorageAccountId: LOG_STORAGE_ACCOUNT_ID,
  });

  // Reverse replication survives a restart too.
  client = await restart(statePath, port);
  expect(step((await client.get(path)).body.properties).provider).toBe('InMageRcmFailback');
  const points = (await client.get(`${path}/recoveryPoints`)).body.value;
  expect(points.length).toBeGreaterThan(0);

  const failedBack = await run(client, path, 'plannedFailover', {
    properties: {
      failoverDirection: 'RecoveryToPrimary',
      providerSpecificDetails: { instanceType: 'InMageRcmFailback', recoveryPointType: 'CrashConsistent' },
    },
  });
  expect(step(failedBack)).toEqual({
    protectionState: 'PlannedFailoverCommitRequired',
    activeLocation: 'Primary',
    allowedOperations: ['Commit', 'DisableProtection'],
    provider: 'InMageRcmFailback',
  });
  expect(failedBack.providerSpecificDetails.lastPlannedFailoverStatus).toBe('Succeeded');
  const failbackCommitted = await run(client, path, 'failoverCommit');
  expect(step(failbackCommitted)).toMatchObject({
    protectionState: 'PlannedFailoverStatesBegin',
    allowedOperations: ['ReverseReplicate', 'DisableProtection'],
  });

  const wrongPolicy = await client.call('POST', `${path}/reProtect`, {
    properties: {
      failoverDirection: 'PrimaryToRecovery',
      providerSpecificDetails: {
        instanceType: 'InMageRcmFailback',
        processServerId: VMWARE_PS,
        policyId: `${client.vault}/replicationPolicies/hyperv-to-azure-24h`,
      },
    },
  });
  expect([wrongPolicy.status, wrongPolicy.body.error.code]).toEqual([400, 'InvalidPolicyProvider']);
  const protectedAgain = await run(client, path, 'reProtect', {
    properties: {
      failoverDirection: 'PrimaryToRecovery',
      providerSpecificDetails: {
        instanceType: 'InMageRcmFailback',
        processServerId: VMWARE_PS,
        policyId: `${client.vault}/replicationPolicies/rcm-migration-policy`,
      },
    },
  });
  expect(step(protectedAgain)).toEqual({
    protectionState: 'Protected',
    activeLocation: 'Primary',
    allowedOperations: ['UnplannedFailover', 'DisableProtection', 'TestFailover'],
    provider: 'InMageRcm',
  });
  expect(protectedAgain.providerSpecificDetails.lastRpoInSeconds).toBe(30);
  expect(protectedAgain.lastSuccessfulFailoverTime).toEqual(expect.any(String));
});
