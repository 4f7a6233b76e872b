import type { RunningEmulator } from '../../emulator';
import type { DisasterRecovery } from '../../site-recovery/disaster-recovery';
import { replicatedItemRefFor, type ReplicatedItemRef, type SiteRecovery } from '../../site-recovery/site-recovery';
import { adapterFor, handled, recordingOp, startTestEmulator, untilProtected } from '../support/emulator-fixture';
import { LOG_STORAGE_ACCOUNT_ID, REPROTECT_AGENTS } from '../support/dr-inventory';
import { sampleRequest } from '../support/samples';

/**
 * Reprotect inputs and what ASR refuses in disaster recovery: refused by the emulator with ASR-like codes and reported by
 * the adapter as such, or refused by the adapter before anything is sent when it lacks what ASR needs.
 */

let emulator: RunningEmulator;
let adapter: SiteRecovery & DisasterRecovery;

beforeAll(async () => {
  emulator = await startTestEmulator();
  adapter = adapterFor(emulator);
});
afterAll(() => emulator?.stop());

async function protectedItem(sample: string): Promise<ReplicatedItemRef> {
  const request = sampleRequest(sample);
  await adapter.enableReplication(request, recordingOp());
  await untilProtected(emulator, adapter, request);
  return replicatedItemRefFor(request);
}

describe('a physical server failed over to Azure', () => {
  let ref: ReplicatedItemRef;
  beforeAll(async () => {
    ref = await protectedItem('physical');
    await adapter.failover(ref, { type: 'unplanned', recoveryPoint: 'Latest' }, recordingOp());
    await adapter.commit(ref, recordingOp());
  });

  it('is refused a failback to a physical machine: the reprotect agent of a physical site manages no vCenter', async () => {
    const onPremises = {
      reprotectAgentId: REPROTECT_AGENTS.physicalSite.id,
      datastoreName: 'datastore-dr-01',
      logStorageAccountId: LOG_STORAGE_ACCOUNT_ID,
    };
    const error = await adapter.reprotect(ref, { onPremises }, recordingOp()).catch((e: unknown) => e);
    expect(error).toMatchObject({ code: 'FailbackToPhysicalMachineNotSupported', retryable: false, options: { statusCode: 400 } });
    expect((error as Error).message).toMatch(/only to a VMware virtual machine/);
    expect((await adapter.getProtection(ref)).stage).toBe('FailoverCommitted');
  });

  it('is refused a reprotect without an on-premises appliance agent, or to a datastore its vCenter does not have', async () => {
    await expect(
      adapter.reprotect(
        ref,
        {
          onPremises: { reprotectAgentId: 'no-such-agent', datastoreName: 'datastore-dr-01', logStorageAccountId: LOG_STORAGE_ACCOUNT_ID },
        },
        recordingOp(),
      ),
    ).rejects.toMatchObject({ code: 'ReprotectAgentNotFound', retryable: false });
    await expect(
      adapter.reprotect(
        ref,
        {
          onPremises: {
            reprotectAgentId: REPROTECT_AGENTS.drSiteVmware.id,
            datastoreName: 'datastore-ssd-01',
            logStorageAccountId: LOG_STORAGE_ACCOUNT_ID,
          },
        },
        recordingOp(),
      ),
    ).rejects.toMatchObject({ code: 'DatastoreNotFound' });
    expect(handled(emulator, 'ReplicationProtectedItems_Reprotect', ref.replicatedItemName).every((e) => e.status === 400)).toBe(true);
  });

  it('is refused a change of recovery point once the failover is committed (ChangePit no longer allowed)', async () => {
    const error = await adapter
      .changeRecoveryPoint(ref, { recoveryPointId: `${ref.replicatedItemName}-point` }, recordingOp())
      .catch((e: unknown) => e);
    expect(error).toMatchObject({ code: 'ChangeRecoveryPointNotAllowed', options: { statusCode: 409 } });
    expect((error as Error).message).toMatch(/allowed operations: CompleteMigration, DisableProtection, ReverseReplicate/);
  });
});

describe('a protected Hyper-V machine', () => {
  let ref: ReplicatedItemRef;
  beforeAll(async () => {
    ref = await protectedItem('hyperv-site');
  });

  it('is refused a failback it has no failover for, and a failback before its failover is committed', async () => {
    const input = { provider: 'HyperVReplicaAzure', dataSync: 'ForDownTime' } as const;
    await expect(adapter.failback(ref, input, recordingOp())).rejects.toMatchObject({ code: 'FailbackNotAllowed', retryable: false });
    await adapter.failover(ref, { type: 'unplanned', recoveryPoint: 'Latest', shutdownSource: true }, recordingOp());
    await expect(adapter.failback(ref, input, recordingOp())).rejects.toMatchObject({ code: 'FailoverNotCommitted', retryable: false });
    expect((await adapter.getProtection(ref)).stage).toBe('FailedOver');
  });

  it('has an InMageRcm failback input refused by the adapter before anything is sent', async () => {
    await adapter.commit(ref, recordingOp());
    const before = handled(emulator, 'ReplicationProtectedItems_PlannedFailover', ref.replicatedItemName).length;
    await expect(
      adapter.failback(ref, { provider: 'InMageRcm', recoveryPointType: 'CrashConsistent' }, recordingOp()),
    ).rejects.toMatchObject({
      code: 'FailbackInputMismatch',
      retryable: false,
    });
    expect(handled(emulator, 'ReplicationProtectedItems_PlannedFailover', ref.replicatedItemName)).toHaveLength(before);
  });
});

describe('reprotect inputs', () => {
  it('A2A: reprotect after a committed Azure-to-Azure failover reverses replication, and commit and reprotect each run once', async () => {
    const request = sampleRequest('azure-app');
    const ref = replicatedItemRefFor(request);
    await adapter.enableReplication(request, recordingOp());
    await untilProtected(emulator, adapter, request);
    await adapter.failOver(request, recordingOp());

    for (let attempt = 0; attempt < 2; attempt++) {
      await adapter.commit(ref, recordingOp());
      await adapter.reprotect(ref, {}, recordingOp());
    }

    expect(handled(emulator, 'ReplicationProtectedItems_FailoverCommit', request.machineId)).toHaveLength(1);
    expect(handled(emulator, 'ReplicationProtectedItems_Reprotect', request.machineId)).toHaveLength(1);
    expect((await adapter.getReplication(ref)).protectionState).toBe('Protected');
  });

  it('InMageRcm: reprotect without the on-premises appliance inputs is refused before anything is sent', async () => {
    const request = sampleRequest('vmware');
    const ref = replicatedItemRefFor(request);
    await adapter.enableReplication(request, recordingOp());
    await expect(adapter.reprotect(ref, {}, recordingOp())).rejects.toMatchObject({ code: 'ReprotectInputMissing', retryable: false });
    expect(handled(emulator, 'ReplicationProtectedItems_Reprotect', request.machineId)).toHaveLength(0);
  });
});
