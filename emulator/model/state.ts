import { z } from 'zod';
import { PROVIDERS } from './inventory';

/**
 * Everything the emulator changes at run time (the inventory is the static part). Persisted as one JSON document
 * and read back strictly: a state file with an unknown key anywhere is refused, naming it.
 */

export const JOB_SCENARIOS = [
  'EnableDr',
  'TestFailover',
  'TestFailoverCleanup',
  'PlannedFailover',
  'UnplannedFailover',
  'FailoverCommit',
  'CancelFailover',
  'ReverseReplicate',
  'DisableDr',
  /** ApplyRecoveryPoint ("Change recovery point", allowed operation ChangePit) after a failover. */
  'ChangePit',
] as const;
export type JobScenario = (typeof JOB_SCENARIOS)[number];

const ITEM_PHASES = [
  'Enabling',
  'EnableFailed',
  'InitialReplication',
  'Protected',
  'FailedOver',
  'FailoverCommitted',
  'Reprotected',
  /** InMageRcm reprotected to on-premises: replicating Azure -> on-premises (ASR's provider InMageRcmFailback). */
  'ReverseProtected',
  /** Failed back (planned failover RecoveryToPrimary): running on-premises, commit pending. */
  'FailedBack',
  'FailbackCommitted',
] as const;
export type ItemPhase = (typeof ITEM_PHASES)[number];

/** ASR's testFailoverState: after a cleanup it stays MarkedForDeletion (not None) until the next test failover. */
const TEST_FAILOVER_PHASES = ['None', 'WaitingForCompletion', 'MarkedForDeletion'] as const;
export type TestFailoverPhase = (typeof TEST_FAILOVER_PHASES)[number];

const TargetSettingsSchema = z.strictObject({
  vmName: z.string(),
  resourceGroupId: z.string().optional(),
  networkId: z.string().optional(),
  subnetName: z.string().optional(),
  testNetworkId: z.string().optional(),
  vmSize: z.string().optional(),
  diskType: z.string().optional(),
  location: z.string().optional(),
});
export type TargetSettings = z.infer<typeof TargetSettingsSchema>;

const ProtectedItemStateSchema = z.strictObject({
  name: z.string(),
  fabric: z.string(),
  container: z.string(),
  /** The protectable item (inventory machine) it protects. */
  machine: z.string(),
  friendlyName: z.string(),
  provider: z.enum(PROVIDERS),
  policy: z.string(),
  phase: z.enum(ITEM_PHASES),
  testFailover: z.enum(TEST_FAILOVER_PHASES),
  failoverKind: z.enum(['Planned', 'Unplanned']).optional(),
  /** The job currently running on the item; it decides the transitional states shown. */
  runningJob: z.string().optional(),
  /** The test failover job, Suspended (waiting for cleanup) while testFailover is WaitingForCompletion. */
  testFailoverJob: z.string().optional(),
  lastTestFailoverAt: z.number().optional(),
  lastFailoverAt: z.number().optional(),
  /** The recovery point the last (test) failover used. */
  failoverRecoveryPointId: z.string().optional(),
  replication: z.strictObject({
    totalBytes: z.number(),
    /** Virtual bytes per virtual second. */
    bytesPerSecond: z.number(),
    /** Emulator-clock ms at which initial replication started. */
    startedAt: z.number().optional(),
    completedAt: z.number().optional(),
  }),
  target: TargetSettingsSchema,
  /** Disaster recovery: where the current replication runs from and how far it lags (model/replication-health.ts). */
  dr: z
    .strictObject({
      /** Start of the current replication (after the initial sync, or after a reprotect): recovery points and RPO count from it. */
      replicatingSince: z.number().optional(),
      /** The replication slowdown in effect since `at`, and the backlog (virtual seconds of data not yet replicated) then. */
      lag: z.strictObject({ at: z.number(), backlogSeconds: z.number(), factor: z.number() }).optional(),
      /** InMageRcm reprotect to on-premises: the appliance's reprotect agent, the VMware datastore and the log storage. */
      reverse: z
        .strictObject({
          reprotectAgentId: z.string(),
          datastoreName: z.string(),
          logStorageAccountId: z.string(),
          policyId: z.string().optional(),
        })
        .optional(),
      /** The failback input as received (HyperVReplicaAzureFailback / InMageRcmFailback). */
      failback: z.record(z.string(), z.string()).optional(),
      lastFailbackAt: z.number().optional(),
    })
    .optional(),
  testVmId: z.string().optional(),
  targetVmId: z.string().optional(),
  healthErrors: z.array(z.strictObject({ code: z.string(), message: z.string(), at: z.number() })),
  createdAt: z.number(),
  /** The provider-specific enable input as received (a client's request body), echoed where the SDK model has the field. */
  enableInput: z.record(z.string(), z.unknown()),
  /** The multi-VM consistency group the item joined at enable (InMageRcm: its name; A2A: also the group's id). */
  multiVmGroup: z
    .strictObject({ name: z.string(), id: z.string().optional(), createOption: z.enum(['AutoCreated', 'UserSpecified']).optional() })
    .optional(),
});
export type ProtectedItemState = z.infer<typeof ProtectedItemStateSchema>;

const JobErrorSchema = z.strictObject({
  code: z.string(),
  message: z.string(),
  possibleCauses: z.string().optional(),
  recommendedAction: z.string().optional(),
});
export type JobError = z.infer<typeof JobErrorSchema>;

const JobStateSchema = z.strictObject({
  name: z.string(),
  scenario: z.enum(JOB_SCENARIOS),
  itemKey: z.string(),
  itemName: z.string(),
  itemFriendlyName: z.string(),
  startedAt: z.number(),
  endsAt: z.number(),
  outcome: z.enum(['Succeeded', 'Failed']),
  error: JobErrorSchema.optional(),
  /** True once the outcome was applied to the item. */
  settled: z.boolean(),
  /** A test failover job: once done it waits, Suspended, until the test failover is cleaned up (cleanedUpAt). */
  waitsForCleanup: z.boolean().optional(),
  cleanedUpAt: z.number().optional(),
  /** DisableDr removes the item: its operation result has no body. */
  removesItem: z.boolean(),
  /** Inputs the outcome needs (e.g. the test network), kept so a restarted emulator can still apply it. */
  details: z.record(z.string(), z.string()),
});
export type JobState = z.infer<typeof JobStateSchema>;

export const EmulatorStateSchema = z.strictObject({
  version: z.literal(1),
  /** Added to the wall clock: how far tests moved time forward with POST /_emulator/clock. */
  clockOffsetMs: z.number(),
  /** Keyed by itemKey(fabric, container, name). */
  items: z.record(z.string(), ProtectedItemStateSchema),
  /** Keyed by job name (which is also the long-running operation id). */
  jobs: z.record(z.string(), JobStateSchema),
  /** How many times each fault with a `times` limit was used, keyed by fault key. */
  faultUses: z.record(z.string(), z.number()),
});
export type EmulatorState = z.infer<typeof EmulatorStateSchema>;

export function itemKey(fabric: string, container: string, name: string): string {
  return `${fabric}/${container}/${name}`.toLowerCase();
}

export function emptyState(): EmulatorState {
  return { version: 1, clockOffsetMs: 0, items: {}, jobs: {}, faultUses: {} };
}
