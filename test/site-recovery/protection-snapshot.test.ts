import fc from 'fast-check';
import type { ReplicationProtectedItem } from '@azure/arm-recoveryservices-siterecovery';
import { DEFAULT_RPO_THRESHOLD_SECONDS, DR_STAGES } from '../../site-recovery/disaster-recovery';
import { stageOf, toProtectionSnapshot } from '../../site-recovery/azure/protection-snapshot';

const at = new Date('2026-11-29T10:00:00Z');
const received = new Date('2026-11-29T09:55:00Z');

function item(protectionState: string, activeLocation: string, details: Record<string, unknown>): ReplicationProtectedItem {
  return { properties: { protectionState, activeLocation, providerSpecificDetails: details as never } };
}

describe('protection snapshot', () => {
  it("reads each provider's own RPO fields; InMageRcmFailback reports none", () => {
    const rpo = (details: Record<string, unknown>) => toProtectionSnapshot(item('Protected', 'Primary', details), undefined);
    expect(
      rpo({ instanceType: 'HyperVReplicaAzure', rpoInSeconds: 300, lastRpoCalculatedTime: at, lastRecoveryPointReceived: received }),
    ).toMatchObject({
      rpoSeconds: 300,
      rpoCalculatedAt: at.toISOString(),
      lastRecoveryPointAt: received.toISOString(),
    });
    expect(rpo({ instanceType: 'InMageRcm', lastRpoInSeconds: 45, lastRpoCalculatedTime: at })).toMatchObject({
      rpoSeconds: 45,
      provider: 'InMageRcm',
    });
    expect(rpo({ instanceType: 'A2A', rpoInSeconds: 12 })).toMatchObject({ rpoSeconds: 12 });
    expect(rpo({ instanceType: 'InMageRcmFailback' })).toMatchObject({ rpoSeconds: undefined, stage: 'ReverseProtected' });
  });

  it("takes the RPO threshold from the policy when it reports one, else siteshift's default", () => {
    const protectedItem = item('Protected', 'Primary', { instanceType: 'A2A' });
    const policy = (minutes?: number) => ({
      properties: { providerSpecificDetails: { instanceType: 'A2A', recoveryPointThresholdInMinutes: minutes } as never },
    });
    expect(toProtectionSnapshot(protectedItem, policy(15))).toMatchObject({ rpoThresholdSeconds: 900, rpoThresholdSource: 'policy' });
    for (const none of [undefined, policy(undefined), policy(0)]) {
      expect(toProtectionSnapshot(protectedItem, none)).toMatchObject({
        rpoThresholdSeconds: DEFAULT_RPO_THRESHOLD_SECONDS,
        rpoThresholdSource: 'default',
      });
    }
  });

  it('tells a failover from a failback by activeLocation, as ASR reports a planned failover RecoveryToPrimary', () => {
    const hv = { instanceType: 'HyperVReplicaAzure' };
    expect(stageOf(item('PlannedFailoverCommitRequired', 'Recovery', hv))).toBe('FailedOver');
    expect(stageOf(item('UnplannedFailoverCommitPendingStatesBegin', 'Recovery', hv))).toBe('FailedOver');
    expect(stageOf(item('PlannedFailoverStatesBegin', 'Recovery', hv))).toBe('FailoverCommitted');
    expect(stageOf(item('PlannedFailoverCommitRequired', 'Primary', hv))).toBe('FailedBack');
    expect(stageOf(item('PlannedFailoverStatesBegin', 'Primary', hv))).toBe('FailbackCommitted');
    expect(stageOf(item('InitialReplicationInProgress', 'Primary', hv))).toBe('InitialReplication');
    expect(stageOf(item('ReprotectStatesBegin', 'Recovery', hv))).toBe('Transitioning');
  });

  it('maps any item, however incomplete, to a known stage without throwing', () => {
    fc.assert(
      fc.property(
        fc.option(fc.string(), { nil: undefined }),
        fc.option(fc.constantFrom('Primary', 'Recovery', 'Unknown'), { nil: undefined }),
        fc.option(fc.constantFrom('HyperVReplicaAzure', 'InMageRcm', 'InMageRcmFailback', 'A2A', 'Other'), { nil: undefined }),
        (protectionState, activeLocation, instanceType) => {
          const snapshot = toProtectionSnapshot(
            {
              properties: {
                protectionState,
                activeLocation,
                providerSpecificDetails: instanceType ? ({ instanceType } as never) : undefined,
              },
            },
            undefined,
          );
          expect(DR_STAGES).toContain(snapshot.stage);
          expect(snapshot.rpoThresholdSeconds).toBeGreaterThan(0);
        },
      ),
    );
  });
});
