import { DecisionRejectedError } from '../../client/errors';
import { MigrationClient } from '../../client/migration-client';
import { ProtectionClient } from '../../client/protection-client';
import { InvalidProtectionRequestError } from '../../common/protection-request';
import type { ProtectionStatus } from '../../common/protection-status';
import { PROTECT_MACHINE_WORKFLOW, PROTECTION_SIGNALS } from '../../workflows/protection-definitions';
import { SiteRecoveryError } from '../../site-recovery/site-recovery';
import { InMemoryDisasterRecovery } from '../support/in-memory-disaster-recovery';
import { failureOf, waitForStage } from '../support/migration-harness';
import { protectionRequestFor, startProtection, waitForProtection, waitForProtectionStage } from '../support/protection-harness';
import { requestFor } from '../support/requests';
import { withWorker } from '../support/temporal';

const SUBSCRIPTION = '11111111-2222-3333-4444-555555555555';
const ON_PREMISES = {
  reprotectAgentId: 'appliance-reprotect-agent-1',
  datastoreName: 'datastore-01',
  logStorageAccountId: `/subscriptions/${SUBSCRIPTION}/resourceGroups/asr-rg/providers/Microsoft.Storage/storageAccounts/asrlogs`,
};

describe('protectMachine: what it refuses', () => {
  it.each(['aws-to-azure', 'azure-to-azure'] as const)(
    'refuses to protect an %s source, in the client and in the workflow',
    async (scenario) => {
      const request = protectionRequestFor(scenario);
      await withWorker({ siteRecovery: new InMemoryDisasterRecovery() }, async ({ client, taskQueue }) => {
        const protections = new ProtectionClient(client, taskQueue);
        const refused = await protections.start(request).catch((error: unknown) => error);
        expect(refused).toBeInstanceOf(InvalidProtectionRequestError);
        expect((refused as InvalidProtectionRequestError).issues).toEqual([
          { path: 'scenario', message: expect.stringContaining(`${scenario} is migration only`) },
        ]);

        // Anyone with namespace access can start the workflow without the client: the workflow refuses it too.
        const handle = await client.workflow.start(PROTECT_MACHINE_WORKFLOW, {
          taskQueue,
          workflowId: `protect-${request.machineId}`,
          args: [request],
        });
        const failure = await failureOf(handle);
        expect(failure.type).toBe('InvalidProtectionRequest');
        expect(failure.message).toContain(`scenario: ${scenario} is migration only`);
        const status = await protections.status(request.machineId);
        expect(status).toMatchObject({ stage: 'Failed', requestErrors: [{ path: 'scenario' }] });
      });
    },
  );

  it('refuses a carried state on a start that is not its own continue-as-new', async () => {
    await withWorker({ siteRecovery: new InMemoryDisasterRecovery() }, async ({ client, taskQueue }) => {
      const request = protectionRequestFor('hyperv-to-azure');
      const forged = { status: { stage: 'FailbackCommitted' } };
      const handle = await client.workflow.start(PROTECT_MACHINE_WORKFLOW, {
        taskQueue,
        workflowId: `protect-${request.machineId}`,
        args: [request, forged],
      });
      expect((await failureOf(handle)).type).toBe('CarriedStateRefused');
    });
  });

  it('fails a physical server back to a VMware VM only, and refuses steps ASR does not allow the source', async () => {
    const dr = new InMemoryDisasterRecovery();
    await withWorker({ siteRecovery: dr }, async (worker) => {
      const { protections, id } = await startProtection(worker, protectionRequestFor('physical-to-azure'));
      const rejection = (promise: Promise<unknown>) =>
        promise.then(
          () => undefined,
          (error: unknown) => error as DecisionRejectedError,
        );

      const planned = await rejection(protections.failover(id, { by: 'ana', type: 'planned' }));
      expect(planned).toBeInstanceOf(DecisionRejectedError);
      expect(planned?.reason).toContain('a planned failover to Azure is for Hyper-V only');

      await protections.failover(id, { by: 'ana', type: 'unplanned' });
      await waitForProtectionStage(protections, id, 'FailedOver');
      const early = await rejection(protections.failback(id, { by: 'ana', target: 'vmware-vm' }));
      expect(early?.reason).toContain('failback is not allowed in stage FailedOver');
      await protections.commit(id, { by: 'ana' });
      await waitForProtectionStage(protections, id, 'FailoverCommitted');

      const noInputs = await rejection(protections.reprotect(id, { by: 'ana' }));
      expect(noInputs?.reason).toContain('onPremises: is required');
      const beforeReprotect = await rejection(protections.failback(id, { by: 'ana', target: 'vmware-vm' }));
      expect(beforeReprotect?.reason).toContain('must first be reprotected to the on-premises site');
      await protections.reprotect(id, { by: 'ana', onPremises: ON_PREMISES });
      await waitForProtectionStage(protections, id, 'ReplicatingToPrimary');

      for (const target of ['original', 'alternate'] as const) {
        const refused = await rejection(protections.failback(id, { by: 'ana', target }));
        expect(refused?.reason).toContain(`target: a physical server fails back to a VMware VM only (target "vmware-vm"), not "${target}"`);
      }
      // The same refusal reaches a signal (no client check): recorded, nothing done.
      await protections.handleFor(id).signal(PROTECTION_SIGNALS.failback, { by: 'ana', target: 'original' });
      // Refused updates are answered, not recorded (validators change nothing); the refused signal is recorded.
      const recorded = await waitForProtection(protections, id, (s) => s.refusedDecisions === 1);
      expect(recorded.decisions.at(-1)).toMatchObject({ name: 'failback', via: 'signal', accepted: false });
      expect(dr.countOf('failback', id)).toBe(0);

      await protections.failback(id, { by: 'ana', target: 'vmware-vm' });
      await waitForProtectionStage(protections, id, 'FailedBack');
    });
  });

  it('refuses unknown keys at every depth and senders who are not approvers, naming the field', async () => {
    await withWorker({ siteRecovery: new InMemoryDisasterRecovery() }, async (worker) => {
      const request = protectionRequestFor('vmware-to-azure', { approval: { approvers: ['ana'] } });
      const { protections, id, handle } = await startProtection(worker, request);
      await handle.signal(PROTECTION_SIGNALS.failover, {
        by: 'ana',
        type: 'unplanned',
        recoveryPoint: { recoveryPointId: 'x', extra: 1 },
      } as never);
      await handle.signal(PROTECTION_SIGNALS.runDrill, { by: 'mallory' });
      const status = await waitForProtection(protections, id, (s) => s.refusedDecisions === 2);
      const reasons = status.decisions.map((d) => d.rejectionReason);
      expect(reasons[0]).toMatch(/^invalid failover: .*recoveryPoint: unknown key "extra"/);
      expect(reasons[1]).toBe("mallory is not an approver of this machine's protection (approvers: ana)");
      expect(status.stage).toBe('Protected');
    });
  });
});

describe('protectMachine: a machine is protected or migrating, never both', () => {
  it('refuses a protection while the machine is being migrated, and a migration while it is protected', async () => {
    const dr = new InMemoryDisasterRecovery();
    dr.syncStepPerRead = 'manual';
    await withWorker({ siteRecovery: dr }, async ({ client, taskQueue }) => {
      const migrations = new MigrationClient(client, taskQueue);
      const protections = new ProtectionClient(client, taskQueue);

      const migrating = requestFor('hyperv-to-azure');
      const migration = await migrations.startMigration(migrating);
      await waitForStage(() => migrations.status(migrating.machineId), 'InitialReplication');
      const blocked = await protections.start({ ...migrating, mode: 'disaster-recovery' });
      const refusedProtection = await failureOf(blocked.handle);
      expect(refusedProtection.type).toBe('MachineBusy');
      expect(refusedProtection.message).toContain(`${migrating.machineId} is being migrated (workflow migrate-${migrating.machineId}`);
      expect((await protections.status(migrating.machineId)).stage).toBe('Failed');
      expect(dr.countOf('enableReplication', migrating.machineId)).toBe(1);
      await migration.handle.signal('abortMigration', { by: 'ana', reason: 'test done' });

      const protecting = protectionRequestFor('vmware-to-azure');
      await protections.start(protecting);
      await waitForProtectionStage(protections, protecting.machineId, 'InitialReplication');
      const { mode: _mode, protection: _protection, ...asMigration } = protecting;
      const started = await migrations.startMigration(asMigration);
      const refusedMigration = await failureOf(started.handle);
      expect(refusedMigration.type).toBe('MachineBusy');
      expect(refusedMigration.message).toContain('is protected for disaster recovery');
      expect(dr.countOf('enableReplication', protecting.machineId)).toBe(1);

      // Stopping protection during the initial sync removes the item.
      const stopping = await protections.stopProtection(protecting.machineId, { by: 'ana', reason: 'migrate it instead' });
      expect(stopping?.stage).toBe('StoppingProtection');
      const stopped = (await protections.handleFor(protecting.machineId).result()) as ProtectionStatus;
      expect(stopped.stage).toBe('ProtectionStopped');
      expect(dr.items.has(protecting.machineId)).toBe(false);
    });
  });
});

describe('protectMachine: a step ASR refuses', () => {
  it('goes back to where it was with the error: a refused stop during the initial sync lets the sync finish', async () => {
    const dr = new InMemoryDisasterRecovery();
    dr.syncStepPerRead = 'manual';
    dr.failNext(
      'disableProtection',
      new SiteRecoveryError('OperationNotAllowed', 'Disable protection is not allowed now.', { retryable: false }),
    );
    await withWorker({ siteRecovery: dr }, async (worker) => {
      const { protections, id } = await startProtection(worker, protectionRequestFor('hyperv-to-azure'), 'InitialReplication');
      await protections.stopProtection(id, { by: 'ana', reason: 'wrong machine' });
      const refused = await waitForProtection(protections, id, (s) => s.stage === 'InitialReplication' && s.lastError !== undefined);
      expect(refused.lastError).toMatchObject({ code: 'OperationNotAllowed', stage: 'StoppingProtection' });
      dr.setProgress(id, 100);
      await waitForProtectionStage(protections, id, 'Protected');
      expect(dr.items.has(id)).toBe(true);
    });
  });
});

describe('protectMachine: convertToMigration', () => {
  it.each([
    ['Protected', false],
    ['FailedOver', true],
  ] as const)('from %s fails over if needed and ends with Complete Migration', async (from, failOverFirst) => {
    const dr = new InMemoryDisasterRecovery();
    await withWorker({ siteRecovery: dr }, async (worker) => {
      const { protections, id } = await startProtection(worker, protectionRequestFor('hyperv-to-azure'));
      if (failOverFirst) {
        await protections.failover(id, { by: 'ana', type: 'planned' });
        await waitForProtectionStage(protections, id, from);
      }
      expect((await protections.convertToMigration(id, { by: 'ana', comment: 'the old site closes' }))?.stage).toBe(
        'ConvertingToMigration',
      );
      const result = (await protections.handleFor(id).result()) as ProtectionStatus;
      expect(result.stage).toBe('MigrationCompleted');
      expect(result.activeLocation).toBe('Recovery');
      expect(result.resources.recoveredVmId).toContain('/virtualMachines/');
      const ops = dr.calls.map((c) => c.operation).filter((op) => ['plannedFailover', 'drFailover', 'completeMigration'].includes(op));
      expect(ops).toEqual([failOverFirst ? 'drFailover' : 'plannedFailover', 'completeMigration']);
      expect(dr.items.has(id)).toBe(false);
    });
  });
});
