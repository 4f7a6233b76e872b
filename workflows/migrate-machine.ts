import {
  ActivityFailure,
  ApplicationFailure,
  CancellationScope,
  CancelledFailure,
  TemporalFailure,
  TimeoutFailure,
  condition,
  patched,
  setHandler,
  sleep,
} from '@temporalio/workflow';
import type { DecisionName, DecisionPayload } from '../common/decisions';
import {
  InvalidMigrationRequestError,
  MigrationRequestSchema,
  MigrationRequestSchemaV1,
  failoverTypeFor,
  formatIssues,
  missingFieldMessages,
  type MigrationRequest,
} from '../common/migration-request';
import type { DecisionRecord, MigrationStatus } from '../common/migration-status';
import { replicatedItemRefFor } from '../site-recovery/site-recovery';
import {
  adaptiveInitialReplicationPoller,
  initialReplicationPoller,
  MAX_SYNC_CHECK_INTERVAL_MS,
  operations,
  operationsBeforeLeanCost,
  reads,
} from './activity-stubs';
import { checkDecision } from './decision-rules';
import {
  abortMigrationSignal,
  abortMigrationUpdate,
  approveFailoverSignal,
  approveFailoverUpdate,
  approveTestFailoverSignal,
  approveTestFailoverUpdate,
  requestRetestSignal,
  requestRetestUpdate,
  statusQuery,
} from './definitions';
import { MigrationState } from './migration-state';

/** patched() id: Azure-to-Azure requests must name their managed disks and staging account. */
const A2A_MANAGED_DISKS_REQUIRED = 'a2a-managed-disks-required';

/**
 * patched() id: a migration's cost no longer grows with its sync. The sync check returns only on completion
 * or a stall change, at adaptive intervals; search attributes are upserted only for stages people query.
 */
const LEAN_MIGRATION_COST = 'lean-migration-cost';

/** Before LEAN_MIGRATION_COST, initial sync progress was recorded in the workflow in steps of this size. */
const PROGRESS_STEP_PERCENT = 5;

interface AcceptedDecision {
  name: DecisionName;
  payload: DecisionPayload<DecisionName>;
}

/**
 * One machine's migration with Azure Site Recovery, from "not replicated" to "migration complete".
 * Cutover never happens without a recorded human decision.
 */
export async function migrateMachine(input: unknown): Promise<MigrationStatus> {
  const lean = patched(LEAN_MIGRATION_COST);
  // Migrations started before Azure-to-Azure required its managed disks validate as they were started. A lean
  // migration implies the requirement, so its history records no second patch (a marker and an upsert less).
  const schema = lean || patched(A2A_MANAGED_DISKS_REQUIRED) ? MigrationRequestSchema : MigrationRequestSchemaV1;
  const parsed = schema.safeParse(input, missingFieldMessages);
  if (!parsed.success) {
    const error = new InvalidMigrationRequestError(formatIssues(parsed.error));
    throw ApplicationFailure.nonRetryable(error.message, 'InvalidMigrationRequest', error.issues);
  }
  const request: MigrationRequest = parsed.data;
  const state = new MigrationState(request, { lean });
  const migration = new Migration(request, state, lean);
  migration.registerHandlers();
  await migration.run();
  return state.status;
}

class Migration {
  private readonly itemRef;
  private accepted?: AcceptedDecision;
  private abortRequest?: DecisionPayload<'abortMigration'>;
  private steps?: CancellationScope;
  private readonly operations: typeof operations;

  constructor(
    private readonly request: MigrationRequest,
    private readonly state: MigrationState,
    /** LEAN_MIGRATION_COST applies (false only for migrations started before it). */
    private readonly lean: boolean,
  ) {
    this.itemRef = replicatedItemRefFor(request);
    this.operations = lean ? operations : operationsBeforeLeanCost;
  }

  registerHandlers(): void {
    setHandler(statusQuery, () => this.state.status);
    const decisions = [
      ['approveTestFailover', approveTestFailoverSignal, approveTestFailoverUpdate],
      ['requestRetest', requestRetestSignal, requestRetestUpdate],
      ['approveFailover', approveFailoverSignal, approveFailoverUpdate],
      ['abortMigration', abortMigrationSignal, abortMigrationUpdate],
    ] as const;
    for (const [name, signal, update] of decisions) {
      setHandler(signal, (payload: unknown) => {
        this.decide(name, payload, 'signal');
      });
      setHandler(
        update,
        (payload: unknown) => {
          const outcome = this.decide(name, payload, 'update');
          if (!outcome.ok) throw ApplicationFailure.nonRetryable(outcome.reason, 'DecisionRejected');
          return this.state.status;
        },
        {
          validator: (payload: unknown) => {
            const check = checkDecision(name, payload, this.decisionContext());
            if (!check.ok) throw new Error(check.reason);
          },
        },
      );
    }
    // `temporal workflow cancel` is honoured like an abort while one is allowed, and recorded as refused after.
    CancellationScope.current().cancelRequested.catch(() => {
      this.decide('abortMigration', { by: 'temporal-cancel', reason: 'Workflow cancellation was requested' }, 'cancellation');
    });
  }

  async run(): Promise<void> {
    await CancellationScope.nonCancellable(async () => {
      this.steps = new CancellationScope();
      try {
        // An abort can arrive before the steps start (signal-with-start delivers it with the first task).
        if (this.abortRequest) throw new CancelledFailure('Aborted before the migration started');
        await this.steps.run(() => this.migrate());
      } catch (error) {
        // Once an abort is accepted, whatever the interrupted step threw, the abort's cleanup follows.
        if (this.abortRequest) {
          await this.abort();
        } else {
          await this.fail(error);
        }
      }
    });
  }

  private async migrate(): Promise<void> {
    const { state, request, itemRef, operations } = this;
    await reads.preflight(request);

    state.enter('EnablingReplication');
    state.replicationRequested = true;
    const item = await operations.enableReplication(request);
    state.status.resources.replicatedItemId = item.id;

    state.enter('InitialReplication');
    await this.waitForInitialReplication();

    let decision: AcceptedDecision;
    do {
      state.enter('TestFailover');
      state.testFailoverActive = true;
      state.status.testFailoverCount += 1;
      const { testVmId } = await operations.runTestFailover(itemRef, request);
      state.status.resources.testVmId = testVmId;

      state.enter('AwaitingTestApproval');
      decision = await this.nextDecision();

      state.enter('CleaningUpTestFailover');
      await operations.cleanupTestFailover(itemRef, this.cleanupComment(decision));
      state.testFailoverActive = false;
    } while (decision.name === 'requestRetest');

    state.enter('AwaitingFailoverApproval');
    const approval = (await this.nextDecision()).payload as DecisionPayload<'approveFailover'>;
    if (approval.notBefore) await sleep(Math.max(0, Date.parse(approval.notBefore) - Date.now()));

    state.enter('FailingOver');
    const failover = await operations.failOver(itemRef, request);
    state.status.resources.targetVmId = failover.targetVmId;

    state.enter('CompletingMigration');
    await operations.completeMigration(itemRef);
    state.replicationRequested = false;
    state.enter('Completed');
  }

  /**
   * One check activity per stall change: the history does not grow with the sync's length, and the progress
   * in between is read from the pending check's last failure details (MigrationClient.status merges it).
   */
  private async waitForInitialReplication(): Promise<void> {
    const { request, lean } = this;
    const poller = lean ? adaptiveInitialReplicationPoller(request) : initialReplicationPoller(request);
    const stallAfterMs = request.replicationWait.stallAfterMinutes * 60_000;
    const adaptive = { minIntervalMs: request.replicationWait.pollIntervalSeconds * 1000, maxIntervalMs: MAX_SYNC_CHECK_INTERVAL_MS };
    for (;;) {
      const observation = await poller.checkInitialReplication({
        item: this.itemRef,
        reportedPercent: this.state.status.replication.percent,
        reportedStalled: this.state.status.replication.stalled,
        reportedChangeAtMs: this.state.replicationChangedAtMs,
        stepPercent: lean ? 100 : PROGRESS_STEP_PERCENT,
        stallAfterMs,
        ...(lean ? { adaptive } : {}),
      });
      this.state.recordReplication(observation);
      if (observation.complete) return;
    }
  }

  private async nextDecision(): Promise<AcceptedDecision> {
    this.accepted = undefined;
    await condition(() => this.accepted !== undefined);
    return this.accepted!;
  }

  private decide(name: DecisionName, raw: unknown, via: DecisionRecord['via']): { ok: true } | { ok: false; reason: string } {
    const check = checkDecision(name, raw, this.decisionContext());
    if (!check.ok) {
      this.state.recordDecision({ name, via, by: check.by, accepted: false, rejectionReason: check.reason });
      return check;
    }
    const { by, comment, ...rest } = check.payload as { by: string; comment?: string };
    this.state.recordDecision({ name, via, by, comment, details: MigrationState.detailsOf(rest), accepted: true });
    if (name === 'abortMigration') {
      this.abortRequest = check.payload as DecisionPayload<'abortMigration'>;
      this.state.status.abortReason = this.abortRequest.reason;
      this.steps?.cancel();
    } else {
      if (name === 'approveFailover') {
        const { notBefore } = check.payload as DecisionPayload<'approveFailover'>;
        this.state.status.failover = { ...this.failoverPlan(), notBefore };
      }
      this.accepted = { name, payload: check.payload };
    }
    return { ok: true };
  }

  private decisionContext() {
    return { stage: this.state.stage, request: this.request, failoverApprovedBy: this.state.failoverApprovedBy };
  }

  private failoverPlan() {
    const type = failoverTypeFor(this.request.scenario);
    return type === 'planned' ? { type } : { type, recoveryPoint: this.request.failover.recoveryPoint };
  }

  private cleanupComment(decision: AcceptedDecision): string {
    const verdict = decision.name === 'requestRetest' ? 'retest requested' : 'test approved';
    return `siteshift: ${verdict} by ${decision.payload.by}`;
  }

  /** Abort: undo what exists (test failover, replication), then Aborted; or Failed naming what was left. */
  private async abort(): Promise<void> {
    const { state } = this;
    state.enter('Aborting');
    await this.cleanUpTestFailover('siteshift: migration aborted');
    if (state.replicationRequested) {
      try {
        await this.operations.removeReplication(this.itemRef);
        state.replicationRequested = false;
      } catch (error) {
        const { code, message } = describeFailure(error);
        state.recordError({ code, message });
        state.leave(`Replication of ${this.request.machineId} is still enabled in vault ${this.request.vault.name} (${code}: ${message}); disable it in the vault.`);
      }
    }
    if (state.status.leftBehind.length > 0) {
      state.enter('Failed');
      throw ApplicationFailure.nonRetryable(`Abort could not clean up: ${state.status.leftBehind.join(' ')}`, 'AbortCleanupFailed');
    }
    state.enter('Aborted');
  }

  /** Failure: record the ASR error, remove a test VM if one exists, and say precisely what stays in Azure. */
  private async fail(error: unknown): Promise<never> {
    // A bug in workflow code is not a migration failure: rethrown, it fails the workflow task, which
    // Temporal retries until a fixed worker is deployed.
    if (!(error instanceof TemporalFailure)) throw error;
    const { state, request } = this;
    const failure = describeFailure(error);
    state.recordError(failure);
    const failedStage = state.stage;
    await this.cleanUpTestFailover('siteshift: migration failed');
    if (failedStage === 'CompletingMigration') {
      state.leave(
        `${request.machineId} has failed over (target VM ${state.status.resources.targetVmId ?? 'unknown'}) but Complete Migration did not finish: ` +
          `replication and its billing continue until protection is disabled with reason MigrationComplete in vault ${request.vault.name}.`,
      );
    } else if (failedStage === 'FailingOver') {
      state.leave(`The failover of ${request.machineId} did not finish; replication stays enabled: check the failover job in vault ${request.vault.name}.`);
    } else if (state.replicationRequested) {
      state.leave(
        `Replication of ${request.machineId} stays enabled in vault ${request.vault.name} so that a new migration of this machine adopts it without a new initial sync; disable it in the vault to stop.`,
      );
    }
    state.enter('Failed');
    throw ApplicationFailure.nonRetryable(`${failure.code}: ${failure.message}`, failure.code, state.status);
  }

  private async cleanUpTestFailover(comment: string): Promise<void> {
    if (!this.state.testFailoverActive) return;
    try {
      await this.operations.cleanupTestFailover(this.itemRef, comment);
      this.state.testFailoverActive = false;
    } catch (error) {
      const { code, message } = describeFailure(error);
      this.state.leave(
        `The test failover of ${this.request.machineId} is still active (test VM ${this.state.status.resources.testVmId ?? 'unknown'}): cleanup failed with ${code}: ${message}.`,
      );
    }
  }
}

/** The ASR error code and message behind an activity failure. */
function describeFailure(error: unknown): { code: string; message: string } {
  const cause = error instanceof ActivityFailure ? error.cause : error;
  if (cause instanceof ApplicationFailure) return { code: cause.type ?? 'Error', message: cause.message };
  if (cause instanceof TimeoutFailure) return { code: 'Timeout', message: `Site Recovery call timed out (${cause.timeoutType ?? 'unknown timeout'})` };
  if (cause instanceof Error) return { code: cause.name, message: cause.message };
  return { code: 'Error', message: String(cause) };
}
