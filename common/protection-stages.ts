/**
 * Stages of a machine's disaster-recovery protection (`protectMachine`), exposed to operators and to the
 * MigrationStage search attribute exactly by these names. Where the machine runs follows from the stage:
 * on premises up to FailingOver and again from FailedBack; in Azure from FailedOver to FailingBack.
 */
export const PROTECTION_STAGES = [
  'Preflight',
  'EnablingReplication',
  'InitialReplication',
  /** Replicating to Azure; drills, failover, conversion to a migration or stopping are decided here. */
  'Protected',
  'Drilling',
  'AwaitingDrillSignOff',
  'CleaningUpDrill',
  'FailingOver',
  /** Running in Azure, failover not committed: the recovery point may still be changed. */
  'FailedOver',
  'ChangingRecoveryPoint',
  'Committing',
  /** Running in Azure, failover committed, nothing replicating. */
  'FailoverCommitted',
  'Reprotecting',
  /** Running in Azure and replicating back to the on-premises site (VMware and physical, before failback). */
  'ReplicatingToPrimary',
  'FailingBack',
  /** Back on premises, failback not committed. */
  'FailedBack',
  /** Back on premises, failback committed: reprotect to Azure ends back in Protected. */
  'FailbackCommitted',
  'ConvertingToMigration',
  'StoppingProtection',
  /** Converted to a migration: Complete Migration done, replication ended. */
  'MigrationCompleted',
  /** Protection disabled on request; the protected item is removed. */
  'ProtectionStopped',
  'Failed',
] as const;
export type ProtectionStage = (typeof PROTECTION_STAGES)[number];

export const FINAL_PROTECTION_STAGES: readonly ProtectionStage[] = ['MigrationCompleted', 'ProtectionStopped', 'Failed'];

/** Where the machine runs in each stage that waits for an operator (the stages where decisions are taken). */
export const ACTIVE_LOCATION: Partial<Record<ProtectionStage, 'Primary' | 'Recovery'>> = {
  InitialReplication: 'Primary',
  Protected: 'Primary',
  AwaitingDrillSignOff: 'Primary',
  FailedOver: 'Recovery',
  FailoverCommitted: 'Recovery',
  ReplicatingToPrimary: 'Recovery',
  FailedBack: 'Primary',
  FailbackCommitted: 'Primary',
};
