import {
  ActivityFailure,
  ApplicationFailure,
  CancellationScope,
  CancelledFailure,
  TemporalFailure,
  TimeoutFailure,
  allHandlersFinished,
  condition,
  setDefaultSignalHandler,
  setDefaultUpdateHandler,
  setHandler,
  sleep,
} from '@temporalio/workflow';
import type { DecisionRule } from '../common/decision-policy';
import { DECISION_NAMES, DECISIONS, type Decision, type DecisionPayload } from '../common/decisions';
import { replicatedItemRefFor } from '../common/ids';
import { buildMigrationRequestSchema, failoverTypeFor, scenarioOf, type MigrationRequest } from '../common/migration-request';
import type { DecisionRecord, MigrationStatus } from '../common/migration-status';
import { FINAL_STAGES, type Stage } from '../common/stages';
import {
  adaptiveInitialReplicationPoller,
  initialReplicationPoller,
  MAX_SYNC_CHECK_INTERVAL_MS,
  operations,
  operationsBeforeLeanCost,
  preflightChecks,
  reads,
  workerConfiguration,
} from './activity-stubs';
import { acceptMigrationRequest, parseAsBeforeCheckedStart } from './checked-start';
import { DecisionGuard } from './decision-guard';
import { HeldDecisions, heldDecisionsLimitReason, notJudgedReason, type ArrivedDecision, type Judge } from './held-decisions';
import { checkDecision, type DecisionContext } from './decision-rules';
import { DECISION_SIGNALS, DECISION_UPDATES, statusQuery } from './definitions';
import { MigrationState } from './migration-state';
import { Notifier } from './notifier';
import { MigrationPatches } from './migration-patches';
import { reportStagesToParent } from './report-to-parent';
import { WaveCutoverConfirmations, type HeldApproval } from './wave-cutover-confirmations';
import type { WaveCutoverConfirmation } from '../common/wave-cutover';
import { boundedText } from './bounded-text';
import { threadShared } from './thread-shared';

/** Before the lean-migration-cost patch, initial sync progress was recorded in the workflow in steps of this size. */
const PROGRESS_STEP_PERCENT = 5;

/** `seq`: order of acceptance, so an update can wait until the workflow has acted on its decision. */
type AcceptedDecision = Decision & { seq: number };

type DecisionOutcome =
  | { ok: true; seq: number }
  | { ok: false; reason: string; rule?: DecisionRule }
  /** Held until the parent wave confirms it (WaveCutoverConfirmations); the promise, for the signal handler. */
  | { ok: 'held'; confirmation: Promise<void> | undefined };

type DecisionVia = DecisionRecord['via'];

/**
 * One machine's migration with Azure Site Recovery, from "not replicated" to "migration complete".
 * Cutover never happens without a recorded human decision.
 */
export async function migrateMachine(input: unknown): Promise<MigrationStatus> {
  const patches = new MigrationPatches();
  const lean = patches.has('leanMigrationCost');
  const request = checkedRequest(input, patches, lean);
  const state = new MigrationState(request, { lean });
  const parentReports = reportStagesToParent(request.machineId, state, patches);
  const migration = new Migration(request, state, patches, patches.has('decisionPolicy') ? new DecisionGuard() : undefined);
  migration.registerHandlers();
  try {
    await migration.run();
  } finally {
    const final = FINAL_STAGES.includes(state.stage);
    if (final) migration.refuseHeldDecisions();
    // Most migrations end with nothing to wait for: no scope then (a scope and its waits cost the worker a dozen
    // promises, every migration). Only a job starts a handler, so none can start between this check and the end.
    const waitsAtEnd = (final && (migration.notifiesEnd || !allHandlersFinished())) || parentReports.reporting;
    if (waitsAtEnd)
      await CancellationScope.nonCancellable(async () => {
        if (final) {
          await migration.notifyEnd();
          // Updates answer once their decision was acted on; let those waiting for the final stage answer first.
          // (Not after a bug in workflow code: that must fail the workflow task at once, to be retried.)
          await condition(allHandlersFinished);
        }
        await parentReports.flush();
      });
  }
  return state.status;
}

/**
 * The request, validated with the rules the migration was started under. Each version's schema for each scenario
 * is built once per worker thread and shared by its migrations (threadShared): parsing never changes a schema.
 */
function checkedRequest(input: unknown, patches: MigrationPatches, lean: boolean): MigrationRequest {
  // A lean migration implies the Azure-to-Azure disk requirement, so it records no second patch for it (a marker less).
  const version = patches.has('strictRequestObjects') ? 'current' : lean || patches.has('a2aManagedDisksRequired') ? 'v2' : 'v1';
  const scenario = scenarioOf(input);
  const schema = threadShared(`migration-request:${version}:${scenario ?? 'any'}`, () => buildMigrationRequestSchema[version](scenario));
  return patches.has('checkedStart') ? acceptMigrationRequest(input, schema) : parseAsBeforeCheckedStart(input, schema);
}

class Migration {
  private readonly itemRef;
  /** Accepted at the current waiting point, not yet acted on. */
  private pending?: AcceptedDecision;
  private acceptedSeq = 0;
  private actedSeq = 0;
  private abortRequest?: DecisionPayload<'abortMigration'>;
  private steps?: CancellationScope;
  private readonly operations: typeof operations;
  private readonly notifier: Notifier;
  /** The lean-migration-cost patch applies (false only for migrations started before it). */
  private readonly lean: boolean;
  /** Signed decisions: the approveFailover signals held until the parent wave confirms them. */
  private waveConfirmations?: WaveCutoverConfirmations;
  /** Every decision but `temporal workflow cancel` passes here: held until the decision policy is known. */
  private readonly arrivals: HeldDecisions<DecisionVia, DecisionOutcome>;

  constructor(
    private readonly request: MigrationRequest,
    private readonly state: MigrationState,
    private readonly patches: MigrationPatches,
    /** Four-eyes and signed decisions, learned at the start (none for migrations started before the decision-policy patch). */
    private readonly guard: DecisionGuard | undefined,
  ) {
    this.itemRef = replicatedItemRefFor(request);
    this.lean = patches.has('leanMigrationCost');
    this.operations = this.lean ? operations : operationsBeforeLeanCost;
    this.notifier = new Notifier(request.machineId, () => this.state.stage);
    const holding = guard !== undefined && patches.hasBaselineChange('decisionsAwaitPolicy');
    this.arrivals = new HeldDecisions(({ name, raw, via }) => this.decide(name, raw, via), holding, {
      applies: () => patches.hasLazy('heldDecisionsLimit'),
      refuse: this.refuseUnjudged(heldDecisionsLimitReason('migration')),
    });
  }

  /**
   * The migration ended before it learned its decision policy (the policy activity failed, or it was cancelled
   * meanwhile): the decisions held for it are refused, recorded, and their updates answered.
   */
  refuseHeldDecisions(): void {
    this.arrivals.release(this.refuseUnjudged(`the migration ended (${this.state.stage}) before its decision policy was known`));
  }

  /** Refuses a decision the rules could not judge, recorded, saying why. */
  private refuseUnjudged(why: string): Judge<DecisionVia, DecisionOutcome> {
    return ({ name, raw, via }) => {
      const reason = notJudgedReason(name, why);
      this.state.recordRefused({ name, via, raw, rejectionReason: reason });
      return { ok: false, reason };
    };
  }

  /** A decision's outcome, once it can be judged (HeldDecisions). */
  private arrive(name: string, raw: unknown, via: DecisionVia): DecisionOutcome | Promise<DecisionOutcome> {
    return this.arrivals.arrive({ name, raw, via } satisfies ArrivedDecision<DecisionVia>);
  }

  /** Whether the end sends a notification (notifyEnd has something to wait for). */
  get notifiesEnd(): boolean {
    return this.notifier.sends;
  }

  /** The `ended` notification (Completed, Failed or Aborted), once its delivery is done or given up. */
  async notifyEnd(): Promise<void> {
    const { status } = this.state;
    const why = status.lastError ? `: ${status.lastError.code}: ${status.lastError.message}` : '';
    const left = status.leftBehind.length > 0 ? ` Left behind: ${status.leftBehind.join(' ')}` : '';
    await this.notifier.ended(`${this.request.machineId} ended ${status.stage}${why}${left}`.slice(0, 4000));
  }

  registerHandlers(): void {
    setHandler(statusQuery, () => this.state.status);
    for (const name of DECISION_NAMES) {
      setHandler(DECISION_SIGNALS[name], (payload: unknown) => {
        const outcome = this.arrive(name, payload, 'signal');
        // A decision held for the policy or the wave's confirmation: the handler lasts until it is concluded.
        if (outcome instanceof Promise) return outcome.then((concluded) => (concluded.ok === 'held' ? concluded.confirmation : undefined));
        return outcome.ok === 'held' ? outcome.confirmation : undefined;
      });
      setHandler(DECISION_UPDATES[name], (payload: unknown) => this.decideByUpdate(name, payload), {
        validator: (payload: unknown) => {
          const check = checkDecision(name, payload, { ...this.decisionContext(), inValidator: true });
          if (!check.ok) throw decisionRejected(check.reason, check.rule);
        },
      });
    }
    // A misspelled name would otherwise wait unseen in Temporal's buffer: refuse it, recorded, like any bad decision.
    setDefaultSignalHandler((name: string, payload: unknown) => {
      void this.arrive(name, payload, 'signal');
    });
    setDefaultUpdateHandler((name: string, payload: unknown) => this.decideByUpdate(name, payload));
    // `temporal workflow cancel` is an abort with the server's authority: accepted whoever the approvers are
    // while an abort is allowed, recorded as refused after. The server delivers one cancellation per workflow.
    CancellationScope.current().cancelRequested.catch(() => {
      this.decide('abortMigration', { by: 'temporal-cancel', reason: 'Workflow cancellation was requested' }, 'cancellation');
    });
  }

  /** An update answers with the status once the workflow acted on the decision: the stage it leads to. */
  private async decideByUpdate(name: string, payload: unknown): Promise<MigrationStatus> {
    // While the policy is unknown the validator judged what it could without it; the rules that need it run here.
    const arrived = this.arrive(name, payload, 'update');
    const outcome = arrived instanceof Promise ? await arrived : arrived;
    if (outcome.ok === 'held') throw new Error('an update is never held for the wave: its rules have no mayConfirmWithWave');
    if (!outcome.ok) throw decisionRejected(outcome.reason, outcome.rule);
    // Cannot hang: an abort, a failure or the end of the migration count as acted on.
    if (this.patches.has('answerAfterActing'))
      await condition(() => this.actedSeq >= outcome.seq || this.state.stage === 'Aborting' || FINAL_STAGES.includes(this.state.stage));
    return this.state.status;
  }

  async run(): Promise<void> {
    // The steps and the cleanup are shielded from the workflow's cancellation, which is decided as an abort
    // (registerHandlers). The shield is entered only for the cleanup: a scope's run costs the worker promises.
    const shield = new CancellationScope({ cancellable: false });
    this.steps = new CancellationScope({ cancellable: true, parent: shield });
    try {
      // An abort can arrive before the steps start (signal-with-start delivers it with the first task).
      if (this.abortRequest) throw new CancelledFailure('Aborted before the migration started');
      await this.steps.run(() => this.migrate());
    } catch (error) {
      // Once an abort is accepted, whatever the interrupted step threw, the abort's cleanup follows.
      await shield.run(() => (this.abortRequest ? this.abort() : this.fail(error)));
    }
  }

  private async migrate(): Promise<void> {
    const { state, request, itemRef, operations } = this;
    if (this.guard) {
      const policy = await workerConfiguration.decisionPolicy();
      this.guard.learn(policy);
      state.status.decisionPolicy = { fourEyes: policy.fourEyes, signedDecisions: policy.decisionPublicKey !== undefined };
      if (this.arrivals.holding) {
        this.arrivals.release();
        if (this.abortRequest) throw new CancelledFailure('Aborted before the migration started');
      }
    }
    const preflight = await preflightChecks.preflight(request);
    if (preflight.notifications && this.patches.has('notifications')) this.notifier.learn(preflight.notifications);

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

    for (;;) {
      state.enter('AwaitingFailoverApproval');
      const approval = await this.nextDecision();
      if (approval.name !== 'approveFailover') throw unexpectedDecision(approval, state.stage);
      const { notBefore } = approval.payload;
      if (!notBefore) break;
      if (!this.patches.has('scheduledFailoverStage')) {
        await sleep(Math.max(0, Date.parse(notBefore) - Date.now()));
        break;
      }
      if (await this.waitForScheduledFailover(notBefore)) break;
    }

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
      const wasStalled = this.state.status.replication.stalled;
      this.state.recordReplication(observation);
      if (observation.complete) return;
      if (this.state.status.replication.stalled && !wasStalled) {
        this.notifier.stalled(
          `${request.machineId}: the initial sync has not progressed for ${request.replicationWait.stallAfterMinutes} minutes (at ${this.state.status.replication.percent}%)`,
        );
      }
    }
  }

  /**
   * Waits in ScheduledFailover until `notBefore`, which an approver may move (rescheduleFailover).
   * True when the time came; false when the scheduled failover was cancelled (cancelScheduledFailover).
   */
  private async waitForScheduledFailover(notBefore: string): Promise<boolean> {
    let at = notBefore;
    for (;;) {
      const delay = Date.parse(at) - Date.now();
      if (delay <= 0) return true;
      this.state.enter('ScheduledFailover');
      if (!(await condition(() => this.pending !== undefined, delay))) return true;
      const change = this.actOnPending();
      if (change.name === 'cancelScheduledFailover') return false;
      if (change.name !== 'rescheduleFailover') throw unexpectedDecision(change, this.state.stage);
      at = change.payload.notBefore;
    }
  }

  private nextDecision(): Promise<AcceptedDecision> {
    const { stage } = this.state;
    const awaited = DECISION_NAMES.filter(
      (name) => name !== 'abortMigration' && (DECISIONS[name].allowedStages as readonly Stage[]).includes(stage),
    );
    return this.notifier.waitForDecision(() => this.pending !== undefined, awaited).then(() => this.actOnPending());
  }

  private actOnPending(): AcceptedDecision {
    const decision = this.pending!;
    this.pending = undefined;
    this.actedSeq = decision.seq;
    return decision;
  }

  private decide(name: string, raw: unknown, via: DecisionRecord['via']): DecisionOutcome {
    const check = checkDecision(name, raw, this.decisionContext(via));
    if (check.proven) this.guard?.spend(check.proven);
    if (!check.ok) {
      this.state.recordRefused({ name, via, raw, rejectionReason: check.reason });
      return check;
    }
    const { ok: _ok, proven: _proven, confirmWithWave, ...decision } = check;
    if (confirmWithWave) {
      this.waveConfirmations ??= new WaveCutoverConfirmations(confirmWithWave, this.request.machineId, (held, confirmation) =>
        this.concludeWaveConfirmation(confirmWithWave, held, confirmation),
      );
      return { ok: 'held', confirmation: this.waveConfirmations.hold({ raw, by: decision.payload.by }) };
    }
    return this.accept(decision, via);
  }

  /**
   * The wave's answer on a held approveFailover: accepted, under the decision rules as they stand now, as by the
   * wave's approver with the wave's comment; or refused, recorded with the wave's reason.
   */
  private concludeWaveConfirmation(waveWorkflowId: string, held: HeldApproval, confirmation: WaveCutoverConfirmation): void {
    const via = 'signal';
    const refused = (reason: string) =>
      this.state.recordRefused({ name: 'approveFailover', via, raw: held.raw, rejectionReason: `approveFailover by ${held.by} ${reason}` });
    if (!confirmation.confirmed) return refused(`was not confirmed by its wave: ${confirmation.reason}`);
    const check = checkDecision('approveFailover', held.raw, this.decisionContext(via));
    if (!check.ok) return refused(`was confirmed by its wave, then refused: ${check.reason}`);
    const { ok: _ok, proven: _proven, confirmWithWave: _wave, ...decision } = check;
    const comment = boundedText(confirmation.comment, 2000);
    this.accept({ ...decision, payload: { ...decision.payload, comment } } as Decision, via, { confirmedWith: waveWorkflowId });
  }

  private accept(decision: Decision, via: DecisionRecord['via'], extra?: Record<string, string>): DecisionOutcome {
    const { by, comment, ...rest } = decision.payload;
    const details = { ...MigrationState.detailsOf(rest), ...extra };
    this.state.recordAccepted({ name: decision.name, via, by, comment, details: Object.keys(details).length > 0 ? details : undefined });
    const seq = ++this.acceptedSeq;
    switch (decision.name) {
      case 'abortMigration':
        this.abortRequest = decision.payload;
        this.state.status.abortReason = this.abortRequest.reason;
        this.steps?.cancel();
        return { ok: true, seq };
      case 'approveFailover':
      case 'rescheduleFailover':
        this.state.status.failover = { ...this.failoverPlan(), notBefore: decision.payload.notBefore };
        break;
      case 'cancelScheduledFailover':
        delete this.state.status.failover;
        break;
    }
    this.pending = { ...decision, seq };
    return { ok: true, seq };
  }

  /**
   * What the rules see. `via` is absent in an Update validator, which must not record anything (no patched());
   * validators do not run on replay, so they apply today's rules alone.
   */
  private decisionContext(via?: DecisionRecord['via']): DecisionContext {
    const { state, pending } = this;
    // Histories recorded before one-decision-per-wait let the last decision win: they replay as they ran.
    const onePerWait = pending !== undefined && (via === undefined || this.patches.has('oneDecisionPerWait'));
    return {
      stage: state.stage,
      request: this.request,
      failoverApprovedBy: state.failoverApprovedBy,
      testApprovedBy: state.testApprovedBy,
      pending: onePerWait ? { name: pending.name, by: pending.payload.by } : undefined,
      abortedBy: this.abortRequest?.by,
      acceptedCount: state.acceptedCount,
      serverAuthority: via === 'cancellation' && this.patches.has('cancelIsServerAbort'),
      ...this.guard?.context(),
      // Signals only: an update's validator cannot wait for the wave (and the wave relays by signal).
      ...(via === 'signal' ? { mayConfirmWithWave: () => this.patches.hasLater('confirmWaveCutover') } : {}),
    };
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
        state.leave(
          `Replication of ${this.request.machineId} is still enabled in vault ${this.request.vault.name} (${code}: ${message}); disable it in the vault.`,
        );
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
    const { state } = this;
    const failure = describeFailure(error);
    state.recordError(failure);
    const failedStage = state.stage;
    await this.cleanUpTestFailover('siteshift: migration failed');
    const replicationNote = this.replicationLeftBehind(failedStage);
    if (replicationNote) await this.leaveIfReplicationExists(replicationNote);
    state.enter('Failed');
    throw ApplicationFailure.nonRetryable(`${failure.code}: ${failure.message}`, failure.code, state.status);
  }

  /** What a migration that failed in this stage says it left of its replication, if that exists. */
  private replicationLeftBehind(failedStage: Stage): string | undefined {
    const { state, request } = this;
    if (failedStage === 'CompletingMigration') {
      return (
        `${request.machineId} has failed over (target VM ${state.status.resources.targetVmId ?? 'unknown'}) but Complete Migration did not finish: ` +
        `replication and its billing continue until protection is disabled with reason MigrationComplete in vault ${request.vault.name}.`
      );
    }
    if (failedStage === 'FailingOver') {
      return `The failover of ${request.machineId} did not finish; replication stays enabled: check the failover job in vault ${request.vault.name}.`;
    }
    if (state.replicationRequested) {
      return `Replication of ${request.machineId} stays enabled in vault ${request.vault.name} so that a new migration of this machine adopts it without a new initial sync; disable it in the vault to stop.`;
    }
    return undefined;
  }

  /**
   * Says the replication stays only once a read found the protected item: an enable ASR refused
   * (ProcessServerNotFound, ProtectableItemAlreadyProtected) created none, and one removed by someone else
   * is gone. A read that fails is said as such.
   */
  private async leaveIfReplicationExists(note: string): Promise<void> {
    if (!this.patches.has('verifiedLeftBehind')) {
      this.state.leave(note);
      return;
    }
    try {
      const found = await reads.findReplication(this.itemRef);
      if (found) this.state.leave(note);
    } catch (error) {
      const { code, message } = describeFailure(error);
      this.state.leave(
        `Replication of ${this.request.machineId} may be enabled in vault ${this.request.vault.name}: could not verify (${code}: ${message}); check the vault.`,
      );
    }
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

/**
 * An update refusal: a named, non-retryable failure, so every client (the `temporal` CLI too) shows it as such.
 * A refusal by a rule about who decides (four-eyes, signed decisions) names it in the details.
 */
export function decisionRejected(reason: string, rule?: DecisionRule): ApplicationFailure {
  return rule
    ? ApplicationFailure.nonRetryable(reason, 'DecisionRejected', { rule })
    : ApplicationFailure.nonRetryable(reason, 'DecisionRejected');
}

/**
 * A decision acted on where the rules (common/decisions.ts allowedStages) do not accept it: a bug in workflow
 * code, which fails the workflow task (retried once a fixed worker is deployed) rather than the migration.
 */
function unexpectedDecision(decision: Decision, stage: string): Error {
  return new Error(`${decision.name} was accepted in stage ${stage}, where the rules do not allow it`);
}

/** The ASR error code and message behind an activity failure. */
export function describeFailure(error: unknown): { code: string; message: string } {
  const cause = error instanceof ActivityFailure ? error.cause : error;
  if (cause instanceof ApplicationFailure) return { code: cause.type ?? 'Error', message: cause.message };
  if (cause instanceof TimeoutFailure)
    return { code: 'Timeout', message: `Site Recovery call timed out (${cause.timeoutType ?? 'unknown timeout'})` };
  if (cause instanceof Error) return { code: cause.name, message: cause.message };
  return { code: 'Error', message: String(cause) };
}
