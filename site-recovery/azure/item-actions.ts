import type { ReplicationProtectedItem, SiteRecoveryManagementClient } from '@azure/arm-recoveryservices-siterecovery';
import { SiteRecoveryError, type OperationContext, type ReplicatedItemRef } from '../site-recovery';
import { protectedItemId } from './arm-ids';
import { isConflict, isNotFound, mappingErrors } from './errors';
import {
  followJob,
  isTestFailoverScenario,
  jobFailure,
  jobNameFromLocations,
  jobSucceeded,
  runningJobName,
  type JobWaitContext,
} from './jobs';
import { runLongRunning, type BeginOptions, type PollerLike } from './long-running';
import { decodeOperationToken } from './operation-token';

/** One mutating call on a protected item, e.g. "testFailover" or "disable". */
export interface ItemAction<T> {
  name: string;
  /** True when the item's state shows the action already took effect (a lost earlier attempt, or nothing to do). */
  alreadyDone?: (item: ReplicationProtectedItem | undefined) => boolean;
  /** When false (the default) a missing item is an error; when true it is handed to alreadyDone. */
  itemMayBeMissing?: boolean;
  begin: (options: BeginOptions) => Promise<PollerLike<T>>;
}

export interface ActionOutcome<T> {
  /** False when the state showed the action had already taken effect and nothing was submitted. */
  submitted: boolean;
  result?: T;
}

/**
 * Runs protected-item actions so that retries and crashed workers never submit one twice:
 * a resume token follows the operation already submitted; without one, the item's state decides
 * (after waiting for any job still running on it). A submitted action returns only when both the
 * ARM operation and its ASR job ended; a failed job is thrown with ASR's code and message.
 */
export class ItemActions {
  constructor(
    private readonly client: SiteRecoveryManagementClient,
    private readonly pollIntervalMs: number,
  ) {}

  async run<T>(ref: ReplicatedItemRef, action: ItemAction<T>, op: OperationContext): Promise<ActionOutcome<T>> {
    const itemId = protectedItemId(ref);
    const resuming = decodeOperationToken(op.resumeFrom, action.name, itemId) !== undefined;
    if (!resuming && (await this.isAlreadyDone(ref, action, op))) return { submitted: false };

    let outcome;
    try {
      outcome = await this.submitAndFollow(ref, action, op);
    } catch (error) {
      // A conflict can be our own earlier submission (e.g. one the SDK retried after a 5xx): the state decides.
      if (!resuming && isConflict(error) && (await this.isAlreadyDone(ref, action, op))) return { submitted: false };
      throw error;
    }
    if (!outcome.lost) return { submitted: true, result: outcome.result };
    // The earlier operation can no longer be followed and left no job: its effect, if any, shows in the item.
    if (await this.isAlreadyDone(ref, action, op)) return { submitted: true };
    const fresh = await this.submitAndFollow(ref, action, { ...op, resumeFrom: undefined });
    return { submitted: true, result: fresh.result };
  }

  async find(ref: ReplicatedItemRef, abortSignal?: AbortSignal): Promise<ReplicationProtectedItem | undefined> {
    try {
      return await this.get(ref, abortSignal);
    } catch (error) {
      if (isNotFound(error)) return undefined;
      throw error;
    }
  }

  get(ref: ReplicatedItemRef, abortSignal?: AbortSignal): Promise<ReplicationProtectedItem> {
    return mappingErrors(() =>
      this.client.replicationProtectedItems.get(
        ref.vault.name,
        ref.vault.resourceGroup,
        ref.fabricName,
        ref.protectionContainerName,
        ref.replicatedItemName,
        { abortSignal },
      ),
    );
  }

  /**
   * Waits for a job still running on the item (e.g. one a crashed attempt submitted) and returns the item after it.
   * A test failover waiting for its cleanup keeps its (Suspended) job as currentScenario: nothing to wait for.
   */
  async settle(
    ref: ReplicatedItemRef,
    item: ReplicationProtectedItem,
    op: OperationContext,
    action?: string,
  ): Promise<ReplicationProtectedItem | undefined> {
    const jobName = runningJobName(item.properties?.currentScenario);
    if (!jobName || testFailoverAwaitingCleanup(item)) return item;
    const job = await followJob(this.client, ref.vault, jobName, this.waitContext(op));
    if (job && !jobSucceeded(job) && action && scenarioMatches(action, job.properties?.scenarioName)) throw jobFailure(job);
    return this.find(ref, op.abortSignal);
  }

  private async isAlreadyDone<T>(ref: ReplicatedItemRef, action: ItemAction<T>, op: OperationContext): Promise<boolean> {
    let item = await this.find(ref, op.abortSignal);
    if (item) item = await this.settle(ref, item, op, action.name);
    if (!item && !action.itemMayBeMissing) {
      throw new SiteRecoveryError(
        'ReplicationProtectedItemNotFound',
        `Protected item ${ref.replicatedItemName} does not exist in container ${ref.protectionContainerName} of vault ${ref.vault.name}`,
        { statusCode: 404, retryable: false },
      );
    }
    return action.alreadyDone?.(item) ?? false;
  }

  private async submitAndFollow<T>(ref: ReplicatedItemRef, action: ItemAction<T>, op: OperationContext) {
    const outcome = await runLongRunning({
      action: action.name,
      itemId: protectedItemId(ref),
      op,
      pollIntervalMs: this.pollIntervalMs,
      begin: action.begin,
    });
    const wait = this.waitContext(op);
    const fromLocations = jobNameFromLocations(outcome.locations);
    let job = fromLocations ? await followJob(this.client, ref.vault, fromLocations, wait) : undefined;
    if (!job) {
      const running = runningJobName((await this.find(ref, op.abortSignal))?.properties?.currentScenario);
      if (running) job = await followJob(this.client, ref.vault, running, wait);
    }
    if (job && !jobSucceeded(job)) throw jobFailure(job);
    if (outcome.failure) {
      throw new SiteRecoveryError(outcome.failure.code, outcome.failure.message, { retryable: false, jobId: job?.id ?? job?.name });
    }
    return { result: outcome.result, lost: !!outcome.operationLost && !job };
  }

  private waitContext(op: OperationContext): JobWaitContext {
    return { pollIntervalMs: this.pollIntervalMs, onProgress: op.onProgress, abortSignal: op.abortSignal };
  }
}

function testFailoverAwaitingCleanup(item: ReplicationProtectedItem): boolean {
  const properties = item.properties;
  return isTestFailoverScenario(properties?.currentScenario?.scenarioName) && properties?.testFailoverState === 'WaitingForCompletion';
}

const ACTION_SCENARIOS: Record<string, RegExp> = {
  enable: /enable/i,
  testFailover: /^testfailover$/i,
  testFailoverCleanup: /cleanup/i,
  plannedFailover: /^plannedfailover$/i,
  failback: /^plannedfailover$/i,
  failoverCommit: /commit/i,
  changeRecoveryPoint: /^(changepit|applyrecoverypoint|changerecoverypoint)$/i,
  unplannedFailover: /^(unplannedfailover|failover)$/i,
  disable: /disable/i,
  reprotect: /reprotect|reverse/i,
};

/** Whether an ASR job scenario (e.g. "TestFailover") is the one this action starts. */
export function scenarioMatches(action: string, scenarioName: string | undefined): boolean {
  const pattern = ACTION_SCENARIOS[action.split(':')[0]];
  return !!pattern && !!scenarioName && pattern.test(scenarioName.replace(/[^a-z]/gi, ''));
}

/** Whether ASR lists the operation in the item's allowedOperations. */
export function allows(item: ReplicationProtectedItem | undefined, operation: string): boolean {
  return item?.properties?.allowedOperations?.includes(operation) ?? false;
}

/** The SDK's leading arguments for a protected item: vault, resource group, fabric, container, item. */
export function itemArgs(ref: ReplicatedItemRef): [string, string, string, string, string] {
  return [ref.vault.name, ref.vault.resourceGroup, ref.fabricName, ref.protectionContainerName, ref.replicatedItemName];
}
