import { MigrationClient } from '../../client';
import type { MigrationStatus } from '../../common/migration-status';
import { e2eAdapter, e2eRequest, SIDE_EFFECT_OPERATIONS as OP, sideEffectCounts, startE2eEmulator, type E2eEmulator } from '../support/e2e';
import { withWorker } from '../support/temporal';
import { sampleExpectation } from '../support/samples';

let emulator: E2eEmulator;
beforeAll(async () => {
  emulator = await startE2eEmulator();
});
afterAll(() => emulator?.stop());

/** Runs the sample's migration to its end (no approvals are needed: these stop before the first one). */
async function migrate(sampleName: string): Promise<{ machineId: string; final: MigrationStatus }> {
  const request = e2eRequest(sampleName);
  return withWorker({ siteRecovery: e2eAdapter(emulator.current) }, async ({ client, taskQueue }) => {
    const migrations = new MigrationClient(client, taskQueue);
    await migrations.startMigration(request);
    return { machineId: request.machineId, final: await migrations.waitForResult(request.machineId) };
  });
}

describe('misconfigured machines stop at Preflight, naming what is missing', () => {
  it.each([
    [
      'misconfigured-no-container-mapping',
      'containerMapping',
      'No container mapping associates protection container cloud_branch-site with replication policy hyperv-to-azure-24h',
    ],
    [
      'misconfigured-missing-network-mapping',
      'networkMapping',
      'Network mapping legacy-net-to-azure of network legacy-net in fabric vmm-contoso does not exist',
    ],
    [
      'misconfigured-unknown-protectable-item',
      'protectableItem',
      'Protectable item hv-decommissioned-07 was not discovered in container cloud_hq-site',
    ],
  ])('%s fails in Preflight on its %s check, and nothing is created in ASR', async (sampleName, failedCheck, missing) => {
    expect(sampleExpectation(sampleName)).toMatchObject({ outcome: 'Failed', stage: 'Preflight', failedCheck });
    const { machineId, final } = await migrate(sampleName);

    expect(final.stage).toBe('Failed');
    expect(final.stages.map((s) => s.stage)).toEqual(['Preflight', 'Failed']);
    expect(final.lastError).toMatchObject({ code: 'PreflightFailed', stage: 'Preflight' });
    expect(final.lastError?.message).toContain(`${failedCheck} '`);
    expect(final.lastError?.message).toContain(missing);
    expect(final.leftBehind).toEqual([]);
    expect(sideEffectCounts(emulator.current, machineId)).toEqual({});
  });
});

describe("a non-retryable ASR error ends the migration in Failed with ASR's code and message", () => {
  it('400 ProcessServerNotFound on enable replication: refused once, not retried', async () => {
    expect(sampleExpectation('misconfigured-unknown-process-server')).toMatchObject({ errorCode: 'ProcessServerNotFound' });
    const { machineId, final } = await migrate('misconfigured-unknown-process-server');

    expect(final.stage).toBe('Failed');
    expect(final.lastError).toMatchObject({ code: 'ProcessServerNotFound', stage: 'EnablingReplication' });
    expect(final.lastError?.message).toMatch(/Process server '.+' is not registered with the appliance of fabric 'physical-appliance'/);
    const refusals = emulator.current
      .requestLog()
      .filter((entry) => entry.operation === OP.enable && entry.resourceId?.endsWith(`/${machineId.toLowerCase()}`));
    expect(refusals.map((entry) => [entry.status, entry.errorCode])).toEqual([[400, 'ProcessServerNotFound']]);
  });

  it("the enable job fails minutes after ARM accepted it (ASR error 95108): the job's error is reported", async () => {
    expect(sampleExpectation('misconfigured-agent-install-fails')).toMatchObject({ errorCode: '95108' });
    const { machineId, final } = await migrate('misconfigured-agent-install-fails');

    expect(final.stage).toBe('Failed');
    expect(final.lastError).toMatchObject({ code: '95108', stage: 'EnablingReplication' });
    expect(final.lastError?.message).toContain(
      'Push installation of the mobility service to the source machine VMW-LEGACY-NT failed: the operating system is not supported. ' +
        'Install a supported OS or exclude the machine. Recommended action: Fix the machine and enable replication again.',
    );
    // Accepted (202) once; the failure came from the job, and nothing submitted it again.
    expect(sideEffectCounts(emulator.current, machineId)).toEqual({ [OP.enable]: 1 });
    // The item stays (replication requested), and the status says so.
    expect(final.leftBehind).toEqual([expect.stringContaining('stays enabled')]);
  });
});
