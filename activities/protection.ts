import { ApplicationFailure, ApplicationFailureCategory } from '@temporalio/common';
import type {
  DisasterRecovery,
  DrFailoverInput,
  DrFailoverResult,
  FailbackInput,
  ProtectionSnapshot,
  RecoveryPointChoice,
  ReprotectInput,
} from '../site-recovery/disaster-recovery';
import type { ReplicatedItemRef, SiteRecovery } from '../site-recovery/site-recovery';
import { runResumableOperation } from './resumable-operation';
import { translatingErrors } from './to-application-failure';

export const DISASTER_RECOVERY_NOT_SUPPORTED = 'DisasterRecoveryNotSupported';
export const PROTECTION_UNCHANGED = 'ProtectionUnchanged';

/** What the workflow knows of a protected item's health; the watch returns only when this would change. */
export interface ProtectionBand {
  replicationHealth: string;
  rpoExceeded: boolean;
  activeLocation: string;
}

export interface ProtectionWatch {
  item: ReplicatedItemRef;
  /** What the workflow recorded last; undefined before the first read. */
  reported?: ProtectionBand;
  /** Delay between reads while nothing changes. */
  intervalMs: number;
}

export interface ProtectionObservation extends ProtectionBand {
  rpoSeconds?: number;
  rpoThresholdSeconds: number;
  protectionState: string;
  /** Epoch ms of the read. */
  observedAtMs: number;
}

export function bandOf(snapshot: ProtectionSnapshot): ProtectionBand {
  return {
    replicationHealth: snapshot.replicationHealth,
    rpoExceeded: snapshot.rpoSeconds !== undefined && snapshot.rpoSeconds > snapshot.rpoThresholdSeconds,
    activeLocation: snapshot.activeLocation,
  };
}

function sameBand(a: ProtectionBand, b: ProtectionBand | undefined): boolean {
  return (
    b !== undefined &&
    a.replicationHealth === b.replicationHealth &&
    a.rpoExceeded === b.rpoExceeded &&
    a.activeLocation === b.activeLocation
  );
}

/**
 * A method of the port's disaster-recovery half. An adapter without it (a double of migrations only) fails
 * the protection's step with a clear, final error instead of a TypeError.
 */
function drMethod<K extends keyof DisasterRecovery>(siteRecovery: SiteRecovery & Partial<DisasterRecovery>, name: K): DisasterRecovery[K] {
  const method = siteRecovery[name];
  // Recognised by a method only the DR half has: the migration port has a reprotect of its own.
  if (typeof siteRecovery.getProtection !== 'function' || typeof method !== 'function')
    throw ApplicationFailure.nonRetryable(
      `The Site Recovery adapter of this worker has no disaster-recovery operations (${name})`,
      DISASTER_RECOVERY_NOT_SUPPORTED,
    );
  return (method as (...args: never[]) => unknown).bind(siteRecovery) as DisasterRecovery[K];
}

/** The activities of `protectMachine` beyond those it shares with `migrateMachine`. */
export function protectionActivities(siteRecovery: SiteRecovery & Partial<DisasterRecovery>) {
  const dr = <K extends keyof DisasterRecovery>(name: K) => drMethod(siteRecovery, name);
  return {
    /** One read of the item's health, RPO and where it runs. */
    async readProtection(item: ReplicatedItemRef): Promise<ProtectionObservation> {
      const snapshot = await translatingErrors(() => dr('getProtection')(item));
      return observationOf(snapshot);
    },

    /**
     * Temporal's infrequent-polling pattern, as the initial-sync check: each attempt reads the item once and
     * returns only when its health, RPO band (over or under the policy's threshold) or location changed from
     * what the workflow recorded; otherwise it fails benignly and the server retries it after `intervalMs`.
     * Months of quiet protection add no history, and the last reading is in the pending activity's failure.
     */
    async watchProtection(watch: ProtectionWatch): Promise<ProtectionObservation> {
      const snapshot = await translatingErrors(() => dr('getProtection')(watch.item));
      const observation = observationOf(snapshot);
      if (!sameBand(observation, watch.reported)) return observation;
      const rpo = observation.rpoSeconds === undefined ? 'no RPO reported' : `RPO ${observation.rpoSeconds} s`;
      throw ApplicationFailure.create({
        type: PROTECTION_UNCHANGED,
        category: ApplicationFailureCategory.BENIGN,
        message: `Protection unchanged: ${observation.replicationHealth}, ${rpo} (threshold ${observation.rpoThresholdSeconds} s); next read in ${Math.round(watch.intervalMs / 1000)} s`,
        details: [observation],
        nextRetryDelay: watch.intervalMs,
      });
    },

    async drFailover(item: ReplicatedItemRef, input: DrFailoverInput): Promise<DrFailoverResult> {
      return runResumableOperation((op) => dr('failover')(item, input, op));
    },

    async changeRecoveryPoint(item: ReplicatedItemRef, recoveryPoint: RecoveryPointChoice): Promise<{ recoveryPointId: string }> {
      return runResumableOperation((op) => dr('changeRecoveryPoint')(item, recoveryPoint, op));
    },

    async commitFailover(item: ReplicatedItemRef): Promise<void> {
      return runResumableOperation((op) => dr('commit')(item, op));
    },

    async reprotect(item: ReplicatedItemRef, input: ReprotectInput): Promise<void> {
      return runResumableOperation((op) => dr('reprotect')(item, input, op));
    },

    async failback(item: ReplicatedItemRef, input: FailbackInput): Promise<void> {
      return runResumableOperation((op) => dr('failback')(item, input, op));
    },

    /** Disable protection, reason NotSpecified: the item is removed. */
    async disableProtection(item: ReplicatedItemRef): Promise<{ removed: boolean }> {
      return runResumableOperation((op) => dr('disableProtection')(item, op));
    },
  };
}

function observationOf(snapshot: ProtectionSnapshot): ProtectionObservation {
  return {
    ...bandOf(snapshot),
    rpoSeconds: snapshot.rpoSeconds,
    rpoThresholdSeconds: snapshot.rpoThresholdSeconds,
    protectionState: snapshot.protectionState,
    observedAtMs: Date.now(),
  };
}
