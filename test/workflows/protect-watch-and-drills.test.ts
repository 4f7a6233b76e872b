import { generateKeyPairSync } from 'node:crypto';
import { decisionSigner } from '../../api/identity/decision-signer';
import { DECISION_RULES } from '../../common/decision-policy';
import { workflowIdOf } from '../../common/ids';
import { publicKeyHex } from '../../config/decision-policy';
import { OPERATION_HEARTBEAT_TIMEOUT_MS } from '../../workflows/activity-stubs';
import { ProtectionClient } from '../../client/protection-client';
import type { ProtectionStatus } from '../../common/protection-status';
import { MAX_DRILLS_PER_RUN } from '../../workflows/protect-machine';
import { InMemoryDisasterRecovery } from '../support/in-memory-disaster-recovery';
import { protectionRequestFor, startProtection, waitForProtection, waitForProtectionStage } from '../support/protection-harness';
import { withWorker } from '../support/temporal';

describe('protectMachine: health, RPO alerts and drills', () => {
  it('raises an alert when the RPO exceeds the policy threshold or health turns Critical, and clears it when it recovers', async () => {
    const dr = new InMemoryDisasterRecovery();
    await withWorker({ siteRecovery: dr }, async (worker) => {
      const firstReading = { what: 'a first health reading', holds: (s: ProtectionStatus) => s.health !== undefined };
      const { protections, id, status: quiet } = await startProtection(worker, protectionRequestFor('vmware-to-azure'), firstReading);
      expect(quiet.health).toMatchObject({ replicationHealth: 'Normal', rpoSeconds: 60, rpoThresholdSeconds: 1800, rpoExceeded: false });
      expect(quiet.activeAlerts).toEqual([]);

      dr.setRpo(id, 3600);
      const late = await waitForProtection(protections, id, (s) =>
        s.activeAlerts.some((a) => a.kind === 'rpo' && a.notified !== 'pending'),
      );
      expect(late.health).toMatchObject({ rpoSeconds: 3600, rpoExceeded: true });
      expect(late.activeAlerts).toEqual([
        expect.objectContaining({ kind: 'rpo', message: expect.stringContaining('RPO 3600 s'), notified: 'no webhook configured' }),
      ]);

      dr.setHealth(id, 'Critical');
      await waitForProtection(protections, id, (s) => s.activeAlerts.some((a) => a.kind === 'health'));
      dr.setRpo(id, 30);
      dr.setHealth(id, 'Normal');
      const recovered = await waitForProtection(protections, id, (s) => s.activeAlerts.length === 0 && s.alerts.length === 2);
      expect(recovered.alerts.map((a) => [a.kind, typeof a.clearedAt])).toEqual(
        expect.arrayContaining([
          ['rpo', 'string'],
          ['health', 'string'],
        ]),
      );
      expect(recovered.health).toMatchObject({ replicationHealth: 'Normal', rpoSeconds: 30, rpoExceeded: false });
      expect(recovered.stage).toBe('Protected');
    });
  });

  it('aborts a drill midway (test failover running), cleans it up and records it', async () => {
    const dr = new InMemoryDisasterRecovery();
    await withWorker({ siteRecovery: dr }, async (worker) => {
      const { protections, id } = await startProtection(worker, protectionRequestFor('hyperv-to-azure'));
      const held = dr.hold('testFailover');
      await protections.runDrill(id, { by: 'ana' });
      await held.reached;

      const answer = await protections.abortDrill(id, { by: 'ben', reason: 'the isolated network is needed' });
      // The update answers once the running test failover was told to stop; the cleanup follows.
      expect(answer?.decisions.at(-1)).toMatchObject({ name: 'abortDrill', accepted: true, stage: 'Drilling' });
      // The stop reaches the running operation with its next keep-alive heartbeat (every half heartbeat timeout),
      // then the cleanup runs: wait for that bound, not a fixed 30 s that a loaded machine crosses.
      const after = await waitForProtection(
        protections,
        id,
        (s) => s.stage === 'Protected' && s.drillCount === 1,
        'the aborted drill cleaned up',
        OPERATION_HEARTBEAT_TIMEOUT_MS / 2 + 30_000,
      );
      expect(after.drills[0]).toMatchObject({ by: 'ana', result: 'aborted', endedBy: 'ben', note: 'the isolated network is needed' });
      expect(dr.countOf('cleanupTestFailover', id)).toBe(1);
      expect(dr.items.get(id)?.testVmId).toBeUndefined();
      expect(after.leftBehind).toEqual([]);
    });
  }, 120_000);

  it('aborts a drill awaiting sign-off, and cleans up a drill nobody signs off in time', async () => {
    const dr = new InMemoryDisasterRecovery();
    await withWorker({ siteRecovery: dr }, async ({ client, taskQueue }) => {
      const protections = new ProtectionClient(client, taskQueue);
      // The abort must not race the auto-cleanup (a loaded machine may take seconds to see the stage and answer):
      // that drill waits for the default hours; the unattended one on another machine for 2 s.
      const attended = protectionRequestFor('physical-to-azure');
      const unattendedRequest = protectionRequestFor('physical-to-azure', {}, { drillAutoCleanupSeconds: 2 });
      const id = unattendedRequest.machineId;
      await Promise.all([protections.start(attended), protections.start(unattendedRequest)]);
      await waitForProtectionStage(protections, attended.machineId, 'Protected');
      await waitForProtectionStage(protections, id, 'Protected');

      await protections.runDrill(attended.machineId, { by: 'ana' });
      await waitForProtectionStage(protections, attended.machineId, 'AwaitingDrillSignOff');
      await protections.abortDrill(attended.machineId, { by: 'ana', reason: 'wrong day' });
      const aborted = await waitForProtection(protections, attended.machineId, (s) => s.stage === 'Protected' && s.drillCount === 1);
      expect(aborted.drills.map((d) => d.result)).toEqual(['aborted']);
      expect(dr.countOf('cleanupTestFailover', attended.machineId)).toBe(1);
      expect(dr.items.get(attended.machineId)?.testVmId).toBeUndefined();

      await protections.runDrill(id, { by: 'ben', comment: 'nobody will look' });
      const unattended = await waitForProtection(protections, id, (s) => s.stage === 'Protected' && s.drillCount === 1);
      expect(unattended.drills.map((d) => d.result)).toEqual(['autoCleanedUp']);
      expect(unattended.drills[0]).toMatchObject({ by: 'ben', note: 'no sign-off within 2 s' });
      expect(dr.countOf('cleanupTestFailover', id)).toBe(1);
      expect(dr.items.get(id)?.testVmId).toBeUndefined();
    });
  });

  it(`continues as new after ${MAX_DRILLS_PER_RUN} drills, keeping the drill history, decisions, stage and (signed decisions) the spent nonces`, async () => {
    const dr = new InMemoryDisasterRecovery();
    const apiKey = generateKeyPairSync('ed25519');
    const decisionPolicy = { fourEyes: true, decisionPublicKey: publicKeyHex(apiKey.publicKey) };
    await withWorker({ siteRecovery: dr, decisionPolicy }, async (worker) => {
      const { protections, id, handle } = await startProtection(worker, protectionRequestFor('hyperv-to-azure'));
      const firstRunId = (await handle.describe()).runId;
      const signed = (decision: 'runDrill' | 'approveDrill', by: string) => ({
        proof: decisionSigner(apiKey.privateKey)({ workflowId: workflowIdOf('protectMachine', id), decision, by, roles: ['admin'] }),
      });
      const firstDrill = signed('runDrill', 'ana');
      const drills = MAX_DRILLS_PER_RUN + 1;
      for (let i = 1; i <= drills; i++) {
        await protections.runDrill(id, { by: 'ana', comment: `drill ${i}` }, i === 1 ? firstDrill : signed('runDrill', 'ana'));
        await waitForProtectionStage(protections, id, 'AwaitingDrillSignOff');
        await protections.approveDrill(id, { by: 'ben' }, signed('approveDrill', 'ben'));
        await waitForProtection(protections, id, (s) => s.stage === 'Protected' && s.drillCount === i);
      }
      const status = await protections.status(id);
      expect(status.run).toBe(2);
      expect(status.decisionPolicy).toEqual({ fourEyes: true, signedDecisions: true });
      // The first run's proofs stay spent in the next: the first drill's proof does not start another.
      await expect(protections.runDrill(id, { by: 'ana', comment: 'replayed' }, firstDrill)).rejects.toMatchObject({
        rule: DECISION_RULES.signedDecision,
        reason: expect.stringContaining('its nonce was already used'),
      });
      expect(status.drillCount).toBe(drills);
      expect(status.drills.map((d) => d.comment)).toEqual(Array.from({ length: drills }, (_, i) => `drill ${i + 1}`));
      expect(status.decisionCounts).toEqual({ runDrill: drills, approveDrill: drills });
      expect(status.replication.percent).toBe(100);
      const latest = await protections.handleFor(id).describe();
      expect(latest.runId).not.toBe(firstRunId);
      expect(latest.status.name).toBe('RUNNING');
      expect(latest.searchAttributes.MigrationStage).toEqual(['Protected']);
      // The new run did not enable replication again.
      expect(dr.countOf('enableReplication', id)).toBe(1);
    });
  });
});
