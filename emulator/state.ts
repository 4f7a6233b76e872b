import type { Provider } from './inventory';

/** Everything the emulator changes at run time (the inventory is the static part). Persisted as one JSON document. */
export interface EmulatorState {
  version: 1;
  /** Added to the wall clock: how far tests moved time forward with POST /_emulator/clock. */
  clockOffsetMs: number;
  /** Keyed by itemKey(fabric, container, name). */
  items: Record<string, ProtectedItemState>;
  /** Keyed by job name (which is also the long-running operation id). */
  jobs: Record<string, JobState>;
  /** How many times each fault with a `times` limit was used, keyed by fault key. */
  faultUses: Record<string, number>;
}

export type ItemPhase =
  | 'Enabling'
  | 'EnableFailed'
  | 'InitialReplication'
  | 'Protected'
  | 'FailedOver'
  | 'FailoverCommitted'
  | 'Reprotected';

/** ASR's testFailoverState: after a cleanup it stays MarkedForDeletion (not None) until the next test failover. */
export type TestFailoverPhase = 'None' | 'WaitingForCompletion' | 'MarkedForDeletion';

export interface ProtectedItemState {
  name: string;
  fabric: string;
  container: string;
  /** The protectable item (inventory machine) it protects. */
  machine: string;
  friendlyName: string;
  provider: Provider;
  policy: string;
  phase: ItemPhase;
  testFailover: TestFailoverPhase;
  failoverKind?: 'Planned' | 'Unplanned';
  /** The job currently running on the item; it decides the transitional states shown. */
  runningJob?: string;
  /** The test failover job, Suspended (waiting for cleanup) while testFailover is WaitingForCompletion. */
  testFailoverJob?: string;
  lastTestFailoverAt?: number;
  lastFailoverAt?: number;
  /** The recovery point the last (test) failover used. */
  failoverRecoveryPointId?: string;
  replication: {
    totalBytes: number;
    /** Virtual bytes per virtual second. */
    bytesPerSecond: number;
    /** Emulator-clock ms at which initial replication started. */
    startedAt?: number;
    completedAt?: number;
  };
  target: TargetSettings;
  testVmId?: string;
  targetVmId?: string;
  healthErrors: { code: string; message: string; at: number }[];
  createdAt: number;
  /** The provider-specific enable input as received, echoed in providerSpecificDetails where the SDK model has the field. */
  enableInput: Record<string, unknown>;
}

export interface TargetSettings {
  vmName: string;
  resourceGroupId?: string;
  networkId?: string;
  subnetName?: string;
  testNetworkId?: string;
  vmSize?: string;
  diskType?: string;
  location?: string;
}

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
] as const;
export type JobScenario = (typeof JOB_SCENARIOS)[number];

export interface JobError {
  code: string;
  message: string;
  possibleCauses?: string;
  recommendedAction?: string;
}

export interface JobState {
  name: string;
  scenario: JobScenario;
  itemKey: string;
  itemName: string;
  itemFriendlyName: string;
  startedAt: number;
  endsAt: number;
  outcome: 'Succeeded' | 'Failed';
  error?: JobError;
  /** True once the outcome was applied to the item. */
  settled: boolean;
  /** A test failover job: once done it waits, Suspended, until the test failover is cleaned up (cleanedUpAt). */
  waitsForCleanup?: boolean;
  cleanedUpAt?: number;
  /** DisableDr removes the item: its operation result has no body. */
  removesItem: boolean;
  /** Inputs the outcome needs (e.g. the test network), kept so a restarted emulator can still apply it. */
  details: Record<string, string>;
}

export function itemKey(fabric: string, container: string, name: string): string {
  return `${fabric}/${container}/${name}`.toLowerCase();
}

export function emptyState(): EmulatorState {
  return { version: 1, clockOffsetMs: 0, items: {}, jobs: {}, faultUses: {} };
}
