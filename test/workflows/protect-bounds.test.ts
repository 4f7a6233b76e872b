import { MAX_STATUS_BYTES } from '../../common/migration-status';
import { PROTECTION_DECISION_LIMITS } from '../../common/protection-decisions';
import { PROTECTION_STATUS_LIMITS } from '../../common/protection-status';
import { InMemoryDisasterRecovery } from '../support/in-memory-disaster-recovery';
import { protectionRequestFor, startProtection, waitForProtection, waitForProtectionStage } from '../support/protection-harness';
import { withWorker } from '../support/temporal';

/** Characters that each cost 3 bytes of UTF-8: the most a kept character can cost. */
const heavy = (length: number) => '€'.repeat(length);
const bytes = (value: unknown) => Buffer.byteLength(JSON.stringify(value));

describe('protectMachine: status bounds', () => {
  it('months of decisions at full length and a flood of hostile signals keep status (and what continue-as-new carries) under MAX_STATUS_BYTES', async () => {
    const dr = new InMemoryDisasterRecovery();
    await withWorker({ siteRecovery: dr }, async (worker) => {
      const request = protectionRequestFor('vmware-to-azure', { displayName: heavy(260), wave: heavy(100) });
      const { protections, id, handle } = await startProtection(worker, request);
      const full = { by: heavy(200), comment: heavy(2000) };
      const drills = PROTECTION_STATUS_LIMITS.KEPT_DRILLS + 2;
      for (let i = 1; i <= drills; i++) {
        await protections.runDrill(id, full);
        await waitForProtectionStage(protections, id, 'AwaitingDrillSignOff');
        await protections.abortDrill(id, { ...full, reason: heavy(2000) });
        await waitForProtection(protections, id, (s) => s.stage === 'Protected' && s.drillCount === i);
      }
      const oneMegabyte = 'x'.repeat(1024 * 1024);
      for (let i = 0; i < 5; i++) await handle.signal('stopProtection', { by: oneMegabyte, reason: 'flood' });
      for (let i = 0; i < 60; i++)
        await handle.signal(i % 2 ? 'failover' : 'noSuchDecision', { by: `mallory-${i}`, comment: 'y'.repeat(5000), [`k${i}`]: i });

      const flooded = await waitForProtection(protections, id, (s) => s.refusedDecisions === 65, 'the flood recorded', 60_000);
      // Ten drills make a run continue as new, and so does the history the 1 MB signals grew (Temporal suggests it).
      expect(flooded.run).toBeGreaterThanOrEqual(2);
      expect(flooded.decisions.filter((d) => d.accepted)).toHaveLength(PROTECTION_DECISION_LIMITS.KEPT_ACCEPTED);
      expect(flooded.decisions.filter((d) => !d.accepted)).toHaveLength(PROTECTION_DECISION_LIMITS.KEPT_REFUSALS);
      expect(flooded.decisionCounts).toEqual({ runDrill: drills, abortDrill: drills });
      expect(flooded.drills).toHaveLength(PROTECTION_STATUS_LIMITS.KEPT_DRILLS);
      expect(flooded.drillCount).toBe(drills);
      expect(flooded.stages.length).toBeLessThanOrEqual(PROTECTION_STATUS_LIMITS.KEPT_STAGES);
      expect(bytes(flooded)).toBeLessThan(MAX_STATUS_BYTES);
      expect(flooded.stage).toBe('Protected');
    });
  }, 180_000);
});
