import {
  ActivityFailure,
  ApplicationFailure,
  CancellationScope,
  TemporalFailure,
  allHandlersFinished,
  condition,
  continueAsNew,
  isCancellation,
  patched,
  setDefaultSignalHandler,
  setDefaultUpdateHandler,
  setHandler,
  workflowInfo,
} from '@temporalio/workflow';
import type { DecisionPolicy, DecisionRule } from '../common/decision-policy';
import { replicatedItemRefFor } from '../common/ids';
import type { MigrationRequest } from '../common/migration-request';
import { PROTECTION_DECISION_NAMES, type ProtectionDecision, type ProtectionDecisionPayload } from '../common/protection-decisions';
import { migrationRequestOf, type ProtectionRequest } from '../common/protection-request';
import { FINAL_PROTECTION_STAGES, type ProtectionStage } from '../common/protection-stages';
import type { DrillRecord, ProtectionDecisionRecord, ProtectionStatus } from '../common/protection-status';
import type { FailbackInput, ReprotectInput } from '../site-recovery/disaster-recovery';
import {
  adaptiveInitialReplicationPoller,
  hooks,
  MAX_SYNC_CHECK_INTERVAL_MS,
  operations,
  preflightChecks,
  protectionHealthPoller,
  workerConfiguration,
} from './activity-stubs';
import { DecisionGuard } from './decision-guard';
import { decisionRejected, describeFailure } from './migrate-machine';
import { nowIso } from './migration-state';
import { PROTECTION_SIGNALS, PROTECTION_UPDATES, protectionStatusQuery } from './protection-definitions';
import { checkProtectionDecision, type ProtectionDecisionContext } from './protection-rules';
import { acceptProtectionRequest } from './protection-start';
import { ProtectionState, type AlertChange } from './protection-state';

/** A run continues as new after this many drills (each adds a few dozen events), or sooner when Temporal suggests it. */
export const MAX_DRILLS_PER_RUN = 10;
/** ... or when its history reaches this many events, whatever made it grow. */
const MAX_HISTORY_EVENTS = 5_000;

/** Stages a run may continue as new from, and resume in: the waits between steps. */
const RESUMABLE_STAGES: readonly ProtectionStage[] = [
  'Protected',
  'FailedOver',
  'FailoverCommitted',
  'ReplicatingToPrimary',
  'FailedBack',
  'FailbackCommitted',
];
/** Stages in which replication runs and its health and RPO are watched. */
const WATCHED_STAGES: readonly ProtectionStage[] = ['Protected', 'ReplicatingToPrimary'];

/**
 * patched() id: the protection learns the worker's decision policy at its start (the migrations' local
 * activity) and applies it: signed decisions and four-eyes (PROTECTION_DECISIONS fourEyes).
 */
const PROTECTION_DECISION_POLICY = 'protection-decision-policy';

/** What one run hands the next through continue-as-new. */
export interface ProtectionCarry {
  status: ProtectionStatus;
  /** The decision policy learned at the start (PROTECTION_DECISION_POLICY). */
  policy?: DecisionPolicy;
  /** Signed decisions: the nonces of the verified proofs still inside their window. */
  spentNonces?: Record<string, number>;
}

type Accepted = ProtectionDecision & { seq: number };
type Outcome = { ok: true; seq: number } | { ok: false; reason: string; rule?: DecisionRule };

/**
 * One machine's disaster-recovery protection with Azure Site Recovery: replicated to Azure for as long as it is
 * wanted, drilled, failed over, failed back and protected again, every step on a recorded human decision.
 * Runs as `protect-<machineId>`; months of protection continue as new, carrying the status.
 */
export async function protectMachine(input: unknown, carried?: ProtectionCarry): Promise<ProtectionStatus> {
  const request = acceptProtectionRequest(input, carried);
  const state = new ProtectionState(request, carried?.status);
  const protection = new Protection(request, state, carried);
  protection.registerHandlers();
  try {
    await protection.run();
  } finally {
    if (FINAL_PROTECTION_STAGES.includes(state.stage)) await CancellationScope.nonCancellable(() => condition(allHandlersFinished));
  }
  return state.status;
}

class Protection {
  private readonly item;
  private readonly migration: MigrationRequest;
  private pending?: Accepted;
  private acceptedSeq = 0;
  private actedSeq = 0;
  private drillAbort?: ProtectionDecisionPayload<'abortDrill'> & { seq: number };
  private drillScope?: CancellationScope;
  private drillsThisRun = 0;
  private readonly resumed: boolean;
  /** Signed decisions and four-eyes: the policy learned at the start, and the nonces spent. */
  private readonly guard = new DecisionGuard();
  /** This run asks the worker for its decision policy (PROTECTION_DECISION_POLICY), and takes no decision until it answers. */
  private readonly learnsPolicy: boolean;

  constructor(
    private readonly request: ProtectionRequest,
    private readonly state: ProtectionState,
    carried: ProtectionCarry | undefined,
  ) {
    this.migration = migrationRequestOf(request);
    this.item = replicatedItemRefFor(this.migration);
    this.resumed = carried !== undefined;
    if (carried?.policy) this.guard.learn(carried.policy);
    if (carried?.spentNonces) this.guard.restore(carried.spentNonces);
    this.learnsPolicy = !this.guard.learned && patched(PROTECTION_DECISION_POLICY);
  }

  registerHandlers(): void {
    setHandler(protectionStatusQuery, () => this.state.status);
    for (const name of PROTECTION_DECISION_NAMES) {
      setHandler(PROTECTION_SIGNALS[name], (payload: unknown) => {
        this.decide(name, payload, 'signal');
      });
      setHandler(PROTECTION_UPDATES[name], (payload: unknown) => this.decideByUpdate(name, payload), {
        validator: (payload: unknown) => {
          const check = checkProtectionDecision(name, payload, { ...this.context(), inValidator: true });
          if (!check.ok) throw decisionRejected(check.reason, check.rule);
        },
      });
    }
    setDefaultSignalHandler((name: string, payload: unknown) => {
      this.decide(name, payload, 'signal');
    });
    setDefaultUpdateHandler((name: string, payload: unknown) => this.decideByUpdate(name, payload));
    // Where a machine runs changes only on an approver's decision: a cancellation request is recorded, refused.
    CancellationScope.current().cancelRequested.catch(() => {
      this.state.recordRefused({
        name: 'cancellation',
        via: 'cancellation',
        raw: { by: 'temporal-cancel' },
        rejectionReason: 'a protection is ended by an approver with stopProtection (or convertToMigration), not by cancellation',
      });
    });
  }

  async run(): Promise<void> {
    await CancellationScope.nonCancellable(async () => {
      try {
        await this.learnDecisionPolicy();
        if (!this.resumed) await this.protect();
        await this.serve();
      } catch (error) {
        if (!(error instanceof TemporalFailure)) throw error;
        await this.fail(error);
      }
    });
  }

  /**
   * First, as a migration does: the worker's decision policy, kept for the protection's life (carried through
   * continue-as-new). Until it answers, decisions are refused (a fresh protection is in Preflight, where none is
   * allowed anyway; a protection started before the policy learns it when it next continues as new).
   */
  private async learnDecisionPolicy(): Promise<void> {
    if (!this.learnsPolicy) return;
    const policy = await workerConfiguration.decisionPolicy();
    this.guard.learn(policy);
    this.state.status.decisionPolicy = { fourEyes: policy.fourEyes, signedDecisions: policy.decisionPublicKey !== undefined };
  }

  /** Preflight, enable replication, initial sync: as a migration does, with the same activities. */
  private async protect(): Promise<void> {
    const { state, migration } = this;
    await preflightChecks.protectionPreflight(migration);
    state.enter('EnablingReplication');
    const item = await operations.enableReplication(migration);
    state.status.resources.replicatedItemId = item.id;
    state.enter('InitialReplication');
    // stopProtection is the one decision taken during the initial sync; if ASR refuses it, the sync goes on.
    while ((await this.untilDecision(() => this.waitForInitialReplication())) === 'decided') {
      const decision = this.actOnPending();
      if (decision.name !== 'stopProtection') throw unexpectedDecision(decision, state.stage);
      await this.stop('InitialReplication');
      if (state.stage !== 'InitialReplication') return;
    }
    state.enter('Protected');
  }

  private async waitForInitialReplication(): Promise<void> {
    const { replicationWait } = this.request;
    const poller = adaptiveInitialReplicationPoller(this.migration);
    for (;;) {
      const observation = await poller.checkInitialReplication({
        item: this.item,
        reportedPercent: this.state.status.replication.percent,
        reportedStalled: this.state.status.replication.stalled,
        reportedChangeAtMs: this.state.status.replication.lastChangeAt ? Date.parse(this.state.status.replication.lastChangeAt) : undefined,
        stepPercent: 100,
        stallAfterMs: replicationWait.stallAfterMinutes * 60_000,
        adaptive: { minIntervalMs: replicationWait.pollIntervalSeconds * 1000, maxIntervalMs: MAX_SYNC_CHECK_INTERVAL_MS },
      });
      this.state.recordReplication(observation);
      if (observation.complete) return;
    }
  }

  /** The waits between steps, until the protection ends (or the run continues as new). */
  private async serve(): Promise<void> {
    for (;;) {
      const { stage } = this.state;
      if (FINAL_PROTECTION_STAGES.includes(stage)) return;
      if (!RESUMABLE_STAGES.includes(stage)) throw new Error(`protectMachine waits in ${stage}, which is not a waiting stage`);
      const watch = WATCHED_STAGES.includes(stage) ? () => this.watchHealth() : () => condition(() => false);
      if ((await this.untilDecision(watch, () => this.continueAsNewDue())) === 'decided') await this.act(this.actOnPending());
      else if (this.continueAsNewDue()) await this.continueAsNew();
    }
  }

  /**
   * Runs `work` until it ends, a decision is pending or `interrupt` holds; work still running then is cancelled.
   * 'decided' when a decision is pending (acted on by the caller).
   */
  private async untilDecision(work: () => Promise<unknown>, interrupt: () => boolean = () => false): Promise<'decided' | 'done'> {
    const scope = new CancellationScope();
    let ended = false;
    let failure: unknown;
    const running = scope.run(work).then(
      () => (ended = true),
      (error: unknown) => {
        if (!isCancellation(error)) failure = error;
        ended = true;
      },
    );
    await condition(() => ended || this.pending !== undefined || interrupt());
    if (!ended) {
      scope.cancel();
      await running;
    }
    if (this.pending) return 'decided';
    if (failure) throw failure;
    return 'done';
  }

  /** Reads health and RPO at the protection's cadence; records changes and notifies raised and cleared alerts. */
  private async watchHealth(): Promise<void> {
    const intervalMs = this.request.protection.healthCheckSeconds * 1000;
    const poller = protectionHealthPoller(intervalMs);
    for (;;) {
      const observation = await poller.watchProtection({ item: this.item, reported: this.state.band, intervalMs });
      const changes = this.state.recordHealth(observation);
      // A decision arriving meanwhile waits for the notification rather than leaving it half-sent.
      await CancellationScope.nonCancellable(() => Promise.all(changes.map((change) => this.notify(change))));
    }
  }

  private async notify({ alert, state }: AlertChange): Promise<void> {
    try {
      const { notified } = await hooks.alert({
        machineId: this.request.machineId,
        kind: alert.kind,
        state,
        message: alert.message,
        at: state === 'raised' ? alert.raisedAt : (alert.clearedAt ?? nowIso()),
        webhooks: this.request.protection.notifyWebhooks ?? [],
      });
      alert.notified = notified;
    } catch (error) {
      alert.notified = `not delivered: ${describeFailure(error).message}`;
    }
  }

  private async act(decision: Accepted): Promise<void> {
    const { state, item } = this;
    const from = state.stage;
    switch (decision.name) {
      case 'runDrill':
        return this.drill(decision);
      case 'failover': {
        const { type, recoveryPoint, shutdownSource } = decision.payload;
        return this.step('FailingOver', 'FailedOver', async () => {
          const result = await operations.drFailover(item, { type, recoveryPoint: recoveryPoint ?? 'Latest', shutdownSource });
          state.status.resources.recoveredVmId = result.targetVmId;
          state.status.failover = { type, recoveryPoint, shutdownSource, at: nowIso() };
          state.status.activeLocation = 'Recovery';
        });
      }
      case 'changeRecoveryPoint': {
        const { recoveryPoint } = decision.payload;
        return this.step('ChangingRecoveryPoint', 'FailedOver', async () => {
          await operations.changeRecoveryPoint(item, recoveryPoint);
          if (state.status.failover) state.status.failover.recoveryPoint = recoveryPoint;
        });
      }
      case 'commit':
        return this.step('Committing', from === 'FailedOver' ? 'FailoverCommitted' : 'FailbackCommitted', () =>
          operations.commitFailover(item),
        );
      case 'reprotect': {
        const toPrimary = from === 'FailoverCommitted';
        const input: ReprotectInput = toPrimary ? { onPremises: decision.payload.onPremises } : this.reprotectToAzure();
        return this.step('Reprotecting', toPrimary ? 'ReplicatingToPrimary' : 'Protected', () => operations.reprotect(item, input));
      }
      case 'failback':
        return this.step('FailingBack', 'FailedBack', async () => {
          await operations.failback(item, this.failbackInput(decision.payload));
          state.status.activeLocation = 'Primary';
        });
      case 'convertToMigration':
        return this.convert(from);
      case 'stopProtection':
        return this.stop(from);
      default:
        throw unexpectedDecision(decision, from);
    }
  }

  /**
   * One DR step: `working` while it runs, `to` when it succeeded. When ASR refuses or fails it, the protection
   * goes back to the waiting stage it came from, with the error in status.lastError, for an approver to decide again.
   */
  private async step(working: ProtectionStage, to: ProtectionStage, work: () => Promise<void>): Promise<void> {
    const from = this.state.stage;
    this.state.enter(working);
    try {
      await work();
      this.state.enter(to);
    } catch (error) {
      if (!(error instanceof ActivityFailure)) throw error;
      this.state.recordError(describeFailure(error));
      this.state.enter(from);
    }
  }

  /** InMageRcm goes back to Azure with the request's appliance and policy; Hyper-V needs no input. */
  private reprotectToAzure(): ReprotectInput {
    const { request } = this;
    if (request.scenario === 'hyperv-to-azure') return {};
    const runAsAccountId = request.scenario === 'vmware-to-azure' ? request.source.runAsAccountId : undefined;
    return { toAzure: { processServerId: request.source.processServerId, runAsAccountId, policyName: request.replicationPolicyName } };
  }

  private failbackInput(payload: ProtectionDecisionPayload<'failback'>): FailbackInput {
    if (this.request.scenario !== 'hyperv-to-azure')
      return { provider: 'InMageRcm', recoveryPointType: payload.recoveryPointType ?? 'CrashConsistent' };
    return {
      provider: 'HyperVReplicaAzure',
      dataSync: payload.dataSync === 'duringFailover' ? 'ForSynchronization' : 'ForDownTime',
      alternateLocation: payload.target === 'alternate' && payload.alternateHostId ? { providerId: payload.alternateHostId } : undefined,
    };
  }

  /**
   * A drill: test failover into the isolated network, the validation hook if any, then a sign-off or the
   * automatic cleanup after the protection's drillAutoCleanupSeconds. An abort interrupts whatever runs; the test
   * failover is cleaned up in every case, and the drill recorded.
   */
  private async drill(decision: Accepted & { name: 'runDrill' }): Promise<void> {
    const { state, request } = this;
    const startedAtMs = Date.now();
    this.drillsThisRun += 1;
    state.enter('Drilling');
    state.testFailoverActive = true;
    let outcome: Pick<DrillRecord, 'result' | 'endedBy' | 'note' | 'testVmId'> = { result: 'failed' };
    this.drillScope = new CancellationScope();
    try {
      outcome = await this.drillScope.run(async () => {
        const { testVmId } = await operations.runTestFailover(this.item, this.migration);
        state.status.resources.testVmId = testVmId;
        const url = request.protection.drillValidationUrl;
        if (url) {
          const validation = await hooks.validateDrill({ url, machineId: request.machineId, testVmId });
          if (!validation.passed) return { result: 'failed', note: validation.note, testVmId };
        }
        state.enter('AwaitingDrillSignOff');
        const autoCleanupMs = request.protection.drillAutoCleanupSeconds * 1000;
        if (!(await condition(() => this.pending !== undefined, autoCleanupMs)))
          return { result: 'autoCleanedUp', note: `no sign-off within ${request.protection.drillAutoCleanupSeconds} s`, testVmId };
        const signOff = this.actOnPending();
        if (signOff.name !== 'approveDrill') throw unexpectedDecision(signOff, state.stage);
        return { result: 'passed', endedBy: signOff.payload.by, testVmId };
      });
    } catch (error) {
      if (!this.drillAbort && !(error instanceof ActivityFailure)) throw error;
      if (!this.drillAbort) {
        state.recordError(describeFailure(error));
        outcome = { result: 'failed', note: describeFailure(error).message, testVmId: state.status.resources.testVmId };
      }
    } finally {
      this.drillScope = undefined;
    }
    const abort = this.drillAbort;
    if (abort) outcome = { result: 'aborted', endedBy: abort.by, note: abort.reason, testVmId: state.status.resources.testVmId };
    state.enter('CleaningUpDrill');
    await this.cleanUpDrill(`siteshift: drill ${outcome.result}${outcome.endedBy ? ` by ${outcome.endedBy}` : ''}`, outcome);
    this.drillAbort = undefined;
    const endedAtMs = Date.now();
    state.recordDrill({
      startedAt: new Date(startedAtMs).toISOString(),
      by: decision.payload.by,
      comment: decision.payload.comment,
      ...outcome,
      endedAt: new Date(endedAtMs).toISOString(),
      durationSeconds: Math.round((endedAtMs - startedAtMs) / 1000),
    });
    state.enter('Protected');
  }

  private async cleanUpDrill(comment: string, outcome: { note?: string }): Promise<void> {
    const { state } = this;
    try {
      await operations.cleanupTestFailover(this.item, comment);
      state.testFailoverActive = false;
      delete state.status.resources.testVmId;
    } catch (error) {
      const { code, message } = describeFailure(error);
      state.recordError({ code, message });
      const left = `The drill's test failover of ${this.request.machineId} is still active (test VM ${state.status.resources.testVmId ?? 'unknown'}): cleanup failed with ${code}: ${message}.`;
      state.leave(left);
      outcome.note = outcome.note ? `${outcome.note}; ${left}` : left;
    }
  }

  /** Complete Migration instead of failback: fail over first when the machine still runs on premises. */
  private async convert(from: ProtectionStage): Promise<void> {
    const { state, item } = this;
    state.enter('ConvertingToMigration');
    try {
      if (from === 'Protected') {
        const failover = await operations.failOver(item, this.migration);
        state.status.resources.recoveredVmId = failover.targetVmId;
        state.status.failover = { type: failover.type, at: nowIso() };
        state.status.activeLocation = 'Recovery';
      }
    } catch (error) {
      if (!(error instanceof ActivityFailure)) throw error;
      state.recordError(describeFailure(error));
      state.enter(from);
      return;
    }
    try {
      await operations.completeMigration(item);
      state.enter('MigrationCompleted');
    } catch (error) {
      if (!(error instanceof ActivityFailure)) throw error;
      state.recordError(describeFailure(error));
      state.enter(from === 'Protected' ? 'FailedOver' : from);
    }
  }

  /** Disable protection (reason NotSpecified): the item is removed and the protection ends. */
  private async stop(from: ProtectionStage): Promise<void> {
    const { state } = this;
    state.enter('StoppingProtection');
    try {
      await operations.disableProtection(this.item);
      state.enter('ProtectionStopped');
    } catch (error) {
      if (!(error instanceof ActivityFailure)) throw error;
      state.recordError(describeFailure(error));
      state.enter(from);
    }
  }

  /** Preflight, enabling or the initial sync failed: Failed, saying what may be left. */
  private async fail(error: TemporalFailure): Promise<void> {
    const { state } = this;
    state.recordError(describeFailure(error));
    if (state.status.resources.replicatedItemId !== undefined || state.stage === 'EnablingReplication') {
      state.leave(
        `Replication of ${this.request.machineId} may be enabled in vault ${this.request.vault.name}: starting its protection again adopts it; stop it in the vault otherwise.`,
      );
    }
    state.enter('Failed');
    throw ApplicationFailure.create({
      type: state.status.lastError?.code ?? 'ProtectionFailed',
      message: state.status.lastError?.message ?? 'protection failed',
      nonRetryable: true,
      details: [state.status],
    });
  }

  private continueAsNewDue(): boolean {
    if (!RESUMABLE_STAGES.includes(this.state.stage) || this.pending) return false;
    const info = workflowInfo();
    return this.drillsThisRun >= MAX_DRILLS_PER_RUN || info.continueAsNewSuggested || info.historyLength >= MAX_HISTORY_EVENTS;
  }

  /** Continues as new once no handler runs; a decision that arrives meanwhile is acted on first (the loop comes back here). */
  private async continueAsNew(): Promise<void> {
    await condition(() => allHandlersFinished() || this.pending !== undefined);
    if (this.pending) return;
    this.state.status.run += 1;
    const policy = this.guard.learned;
    const spentNonces = policy?.decisionPublicKey ? this.guard.spentNonces() : undefined;
    return continueAsNew<typeof protectMachine>(this.request, {
      status: this.state.status,
      ...(policy ? { policy } : {}),
      ...(spentNonces ? { spentNonces } : {}),
    });
  }

  private actOnPending(): Accepted {
    const decision = this.pending!;
    this.pending = undefined;
    this.actedSeq = Math.max(this.actedSeq, decision.seq);
    return decision;
  }

  private async decideByUpdate(name: string, payload: unknown): Promise<ProtectionStatus> {
    const outcome = this.decide(name, payload, 'update');
    if (!outcome.ok) throw decisionRejected(outcome.reason, outcome.rule);
    await condition(() => this.actedSeq >= outcome.seq || FINAL_PROTECTION_STAGES.includes(this.state.stage));
    return this.state.status;
  }

  private decide(name: string, raw: unknown, via: ProtectionDecisionRecord['via']): Outcome {
    const check = checkProtectionDecision(name, raw, this.context());
    if (check.proven) this.guard.spend(check.proven);
    if (!check.ok) {
      this.state.recordRefused({ name, via, raw, rejectionReason: check.reason });
      return check;
    }
    const { ok: _ok, proven: _proven, ...decision } = check;
    const { by, comment, ...rest } = decision.payload;
    this.state.recordAccepted({ name: decision.name, via, by, comment, details: ProtectionState.detailsOf(rest) });
    const seq = ++this.acceptedSeq;
    if (decision.name === 'abortDrill') {
      this.drillAbort = { ...decision.payload, seq };
      this.drillScope?.cancel();
      // Acted on once the running step is told to stop: an ASR operation hears of it within its heartbeat
      // interval (up to 30 s), longer than a caller should wait; status shows the cleanup that follows.
      this.actedSeq = Math.max(this.actedSeq, seq);
    } else {
      this.pending = { ...decision, seq };
    }
    return { ok: true, seq };
  }

  private context(): ProtectionDecisionContext {
    const { pending } = this;
    return {
      stage: this.state.stage,
      request: this.request,
      pending: pending && { name: pending.name, by: pending.payload.by },
      drillAbortedBy: this.drillAbort?.by,
      policyPending: this.learnsPolicy && !this.guard.learned,
      ...this.guard.context(),
    };
  }
}

/** A decision acted on where the rules do not accept it: a bug, which fails the workflow task (retried after a fix). */
function unexpectedDecision(decision: ProtectionDecision, stage: string): Error {
  return new Error(`${decision.name} was accepted in stage ${stage}, where the rules do not allow it`);
}
