import {
  ParentClosePolicy,
  allHandlersFinished,
  condition,
  continueAsNew,
  getExternalWorkflowHandle,
  patched,
  proxyActivities,
  setDefaultSignalHandler,
  setDefaultUpdateHandler,
  setHandler,
  startChild,
  workflowInfo,
} from '@temporalio/workflow';
import type { WaveActivities } from '../activities/wave';
import type { DecisionPolicy, DecisionRule } from '../common/decision-policy';
import type { DecisionProof } from '../common/decision-proof';
import type { DecisionName, DecisionPayload } from '../common/decisions';
import { workflowIdFor } from '../common/ids';
import type { MigrationRequest } from '../common/migration-request';
import { initialSearchAttributes, MIGRATION_WAVE } from '../common/search-attributes';
import { windowBounds, type CutoverWindow } from '../common/cutover-window';
import { MachineStageReportSchema } from '../common/wave-machine-report';
import { WAVE_DECISIONS, type WaveDecision, type WaveDecisionName } from '../common/wave-decisions';
import {
  waveMachines,
  WaveRequestSchema,
  waveRequestSchemaBeforeMultiVmGroups,
  type WaveGroup,
  type WaveRequest,
} from '../common/wave-request';
import { FINAL_WAVE_STAGES, type WaveMachineStage, type WaveStage } from '../common/wave-stages';
import type { WaveCutover } from '../common/wave-cutover';
import type { WaveStatus } from '../common/wave-status';
import { workerConfiguration } from './activity-stubs';
import { boundedText } from './bounded-text';
import { HELD_DECISIONS_LIMIT_PATCH, HeldDecisions, heldDecisionsLimitReason, notJudgedReason, type Judge } from './held-decisions';
import { DecisionGuard } from './decision-guard';
import { decisionRejected } from './migrate-machine';
import { DECISION_SIGNALS } from './definitions';
import { machineStageSignal } from './report-to-parent';
import { acceptWaveRequest, refuseWave } from './wave-checked-start';
import { checkWaveDecision } from './wave-decision-rules';
import { WAVE_DECISION_SIGNALS, WAVE_DECISION_UPDATES, waveCutoverQuery, waveStatusQuery } from './wave-definitions';
import { isAtOrPast, isOut, WaveState } from './wave-state';

/**
 * patched() id: reports are hints. Before acting at a gate (asking for the wave test decision or the cutover
 * approval, approving a group's failovers, moving past a group, finishing) and whenever a machine's reports
 * look out of order, the wave reads its machines' real stages from Temporal (confirmMigrationStages).
 */
const CONFIRM_CHILD_STAGES = 'confirm-child-stages';
/** patched() id: the wave learns the worker's decision policy at its start (four-eyes on approveWaveCutover). */
const WAVE_DECISION_POLICY = 'wave-decision-policy';
/**
 * patched() id: a group's multiVmGroupName is checked and carried into its machines' requests (before, unused).
 * Asked once, by a wave's first run; later runs take the answer from the carried state.
 */
const WAVE_MULTI_VM_GROUPS = 'wave-multi-vm-groups';
/**
 * patched() id: a machine reported Failed or Aborted is confirmed with Temporal (confirmMigrationStages) before
 * the wave halts on it or counts it, whatever its report's sequence number: anyone may send a wave that report.
 */
const CONFIRM_FAILURE_REPORTS = 'confirm-failure-reports';
/**
 * patched() id: a decision that arrives before the wave learned its decision policy (WAVE_DECISION_POLICY) is
 * held, in arrival order, and judged by the full rules once the policy is known (before, it was judged with no
 * policy: no proof required). Asked by a run that learns the policy, before any decision can arrive.
 */
const WAVE_DECISIONS_AWAIT_POLICY = 'wave-decisions-await-policy';

const MAX_NOTES = 50;

/** A run continues as new past this many events even if the server has not suggested it yet. */
export const MAX_EVENTS_PER_RUN = 2000;

const waveReads = proxyActivities<WaveActivities>({
  startToCloseTimeout: '5 minutes',
  heartbeatTimeout: '30 seconds',
  retry: { initialInterval: '2 seconds', maximumInterval: '1 minute', maximumAttempts: 10 },
});

type Step = 'checking' | 'preCutover' | 'halted' | 'cutoverApproval' | 'cutover' | 'awaitingContinue' | 'aborting';
type GroupStep = 'manual' | 'before' | 'failover' | 'failingOver' | 'after';

/** What a run hands to the next (continue-as-new), besides the status. */
interface Carried {
  status: WaveStatus;
  step: Step;
  /** Where continueWave resumes (from halted / awaitingContinue). */
  resume?: Step;
  group: { index: number; step: GroupStep; failed: boolean };
  approval?: { by: string; comment?: string; notBeforeMs?: number };
  window?: CutoverWindow;
  abort?: { by: string; comment?: string; reason: string; proof?: DecisionProof };
  abortRelayed: boolean;
  seenFailures: number;
  seqs: Record<string, number>;
  acceptedSeq: number;
  /** Machines whose reports came out of order (or forged): confirmed from Temporal next (CONFIRM_CHILD_STAGES). */
  suspects?: string[];
  /** Learned at the wave's start (WAVE_DECISION_POLICY). */
  policy?: DecisionPolicy;
  /** Who approved the wave test last (four-eyes). */
  testApprovedBy?: string;
  /** Nonces of the verified proofs still inside their window (signed decisions). */
  spentNonces?: Record<string, number>;
  /** WAVE_MULTI_VM_GROUPS applies (absent in waves started before it). */
  multiVmGroups?: boolean;
}

type DecisionOutcome = { ok: true; seq: number } | { ok: false; reason: string; rule?: DecisionRule };

/** An accepted wave decision; under signed decisions with its verified proof, which the machines accept when relayed. */
type Accepted = WaveDecision & { seq: number; proof?: DecisionProof };

/**
 * A wave: ordered groups of machines migrated together, each machine a child `migrateMachine` (`migrate-<id>`).
 * The whole application is tested together and cut over group by group inside the window, every step on a
 * recorded wave decision. `carried` is only ever passed by the wave's own continue-as-new.
 */
export async function migrateWave(input: unknown, carried?: Carried): Promise<WaveStatus> {
  const multiVmGroups = carried ? carried.multiVmGroups === true : patched(WAVE_MULTI_VM_GROUPS);
  const request = acceptWaveRequest(input, multiVmGroups ? WaveRequestSchema : waveRequestSchemaBeforeMultiVmGroups());
  if (carried !== undefined && !workflowInfo().continuedFromExecutionRunId)
    refuseWave(
      request,
      'InvalidWaveRequest',
      'a wave takes carried state only from its own continue-as-new: refused before doing anything',
    );
  const wave = new Wave(request, carried, multiVmGroups);
  wave.registerHandlers();
  try {
    await wave.run();
  } finally {
    wave.refuseHeldDecisions();
  }
  await condition(allHandlersFinished);
  return wave.state.status;
}

class Wave {
  readonly state: WaveState;
  private readonly c: Carried;
  private readonly requests = new Map<string, MigrationRequest>();
  private pending?: Accepted;
  private actedSeq = 0;
  /** Moves on each machine report and decision: what the waits watch. */
  private version = 0;
  /** CONFIRM_CHILD_STAGES applies (false only when replaying waves started before it). */
  private readonly confirming: boolean;
  /** The machines last confirmed and `version` then: a gate confirms them again only after a change. */
  private confirmed?: { version: number; machineIds: Set<string> };
  /** Signed decisions: the proofs' key and the nonces spent. */
  private readonly guard = new DecisionGuard();
  /** CONFIRM_FAILURE_REPORTS applies: asked (patched()) at the first failure reported in this run. */
  private failuresConfirmed = false;
  /** Every decision passes here: held until the decision policy is known (WAVE_DECISIONS_AWAIT_POLICY). */
  private readonly arrivals: HeldDecisions<'signal' | 'update', DecisionOutcome>;

  constructor(
    private readonly request: WaveRequest,
    carried: Carried | undefined,
    /** WAVE_MULTI_VM_GROUPS applies: handed to every later run. */
    multiVmGroups: boolean,
  ) {
    for (const machine of waveMachines(request)) this.requests.set(machine.machineId, machine);
    if (carried) {
      this.c = carried;
      this.c.status.run += 1;
    } else {
      this.c = {
        status: WaveState.initial(request, { multiVmGroups }).status,
        step: 'checking',
        group: { index: 0, step: 'manual', failed: false },
        window: request.cutoverWindow,
        abortRelayed: false,
        seenFailures: 0,
        seqs: {},
        acceptedSeq: 0,
        ...(multiVmGroups ? { multiVmGroups } : {}),
      };
      if (workflowInfo().typedSearchAttributes.get(MIGRATION_WAVE) !== request.name) WaveState.upsertInitial(request.name, 'Checking');
    }
    this.state = new WaveState(this.c.status);
    this.actedSeq = this.c.acceptedSeq;
    this.confirming = patched(CONFIRM_CHILD_STAGES);
    if (this.c.policy) this.guard.learn(this.c.policy);
    if (this.c.spentNonces) this.guard.restore(this.c.spentNonces);
    const learnsPolicy = this.c.step === 'checking' && this.c.policy === undefined;
    this.arrivals = new HeldDecisions(
      ({ name, raw, via }) => this.decide(name, raw, via),
      learnsPolicy && patched(WAVE_DECISIONS_AWAIT_POLICY),
      { applies: () => patched(HELD_DECISIONS_LIMIT_PATCH), refuse: this.refuseUnjudged(heldDecisionsLimitReason('wave')) },
    );
  }

  /** The wave ended before it learned its decision policy: the decisions held for it are refused, recorded. */
  refuseHeldDecisions(): void {
    this.arrivals.release(this.refuseUnjudged('the wave ended before its decision policy was known'));
  }

  /** Refuses a decision the rules could not judge, recorded, saying why. */
  private refuseUnjudged(why: string): Judge<'signal' | 'update', DecisionOutcome> {
    return ({ name, raw, via }) => {
      const reason = notJudgedReason(name, why);
      this.state.recordRefused(name, via, raw, reason);
      return { ok: false, reason };
    };
  }

  registerHandlers(): void {
    setHandler(waveStatusQuery, () => this.state.status);
    setHandler(waveCutoverQuery, () => this.cutoverNow());
    setHandler(machineStageSignal, (raw: unknown) => this.onReport(raw));
    for (const name of Object.keys(WAVE_DECISIONS) as WaveDecisionName[]) {
      setHandler(WAVE_DECISION_SIGNALS[name], (payload: unknown) => {
        const outcome = this.arrivals.arrive({ name, raw: payload, via: 'signal' });
        // Held for the policy: the handler lasts until the decision is judged.
        if (outcome instanceof Promise) return outcome.then(() => undefined);
      });
      setHandler(WAVE_DECISION_UPDATES[name], (payload: unknown) => this.decideByUpdate(name, payload), {
        validator: (payload: unknown) => {
          const check = checkWaveDecision(name, payload, { ...this.context(), inValidator: true });
          if (!check.ok) throw decisionRejected(check.reason, check.rule);
        },
      });
    }
    setDefaultSignalHandler((name: string, payload: unknown) => {
      void this.arrivals.arrive({ name, raw: payload, via: 'signal' });
    });
    setDefaultUpdateHandler((name: string, payload: unknown) => this.decideByUpdate(name, payload));
  }

  async run(): Promise<void> {
    if (this.c.step === 'checking' && this.c.policy === undefined && patched(WAVE_DECISION_POLICY)) {
      const policy = await workerConfiguration.decisionPolicy();
      this.c.policy = policy;
      this.guard.learn(policy);
      this.c.status.decisionPolicy = { fourEyes: policy.fourEyes, signedDecisions: policy.decisionPublicKey !== undefined };
      this.arrivals.release();
    }
    while (!FINAL_WAVE_STAGES.includes(this.state.stage)) {
      if (this.shouldContinueAsNew()) await this.continueAsNew();
      const abort = this.pending?.name === 'abortWave' ? this.take('abortWave') : undefined;
      if (abort) this.startAbort({ ...abort.payload, ...(abort.proof ? { proof: abort.proof } : {}) });
      if (this.c.suspects?.length) {
        const suspects = this.c.suspects;
        this.c.suspects = [];
        await this.confirm(suspects);
        // A failure reported while confirming is confirmed too before any step counts it.
        if (this.failuresConfirmed && this.c.suspects.length > 0) continue;
      }
      await this.step();
    }
  }

  private async step(): Promise<void> {
    switch (this.c.step) {
      case 'checking':
        return this.check();
      case 'preCutover':
        return this.preCutover();
      case 'halted':
      case 'awaitingContinue':
        return this.awaitContinue();
      case 'cutoverApproval':
        return this.cutoverApproval();
      case 'cutover':
        return this.cutover();
      case 'aborting':
        return this.aborting();
    }
  }

  /** Refuses the wave, before anything starts, when one of its machines is already migrating. */
  private async check(): Promise<void> {
    const running = await waveReads.findRunningMigrations([...this.requests.keys()]);
    if (running.length > 0) {
      const listed = running
        .slice(0, 10)
        .map((r) => `${r.machineId} (${r.stage ?? 'stage unknown'})`)
        .join(', ');
      const more = running.length > 10 ? ` and ${running.length - 10} more` : '';
      refuseWave(
        this.request,
        'MachineAlreadyMigrating',
        `wave ${this.request.name} refused: already migrating: ${listed}${more}. Nothing was started.`,
        this.state,
      );
    }
    this.c.step = 'preCutover';
    this.enter('Replicating');
  }

  /** Replication (at most replicationConcurrency syncs at once), test failovers and the wave's test decision. */
  private async preCutover(): Promise<void> {
    const decision = this.take('approveWaveTest', 'requestWaveRetest');
    if (decision) {
      const atTest = this.state.active().filter((m) => m.stage === 'AwaitingTestApproval');
      const name = decision.name === 'approveWaveTest' ? 'approveTestFailover' : 'requestRetest';
      // Either way each machine cleans its test failover up next: until it reports on, it is not awaiting approval.
      for (const m of atTest) this.state.setMachineStage(m.machineId, 'CleaningUpTestFailover');
      await this.relay(
        atTest.map((m) => m.machineId),
        name,
        this.relayed(decision.payload, decision.proof),
      );
      this.acted(decision);
      return;
    }
    if (this.haltOnNewFailures('preCutover')) return;
    await this.startMachines();
    const active = this.state.active();
    if (active.length === 0) return this.finish();
    const settled = active.every((m) => m.stage === 'AwaitingTestApproval' || m.stage === 'AwaitingFailoverApproval');
    // Every machine really has its test failover up (or waits for its failover approval), not just by its reports.
    if (settled && !(await this.confirm(this.started()))) return;
    if (settled && active.some((m) => m.stage === 'AwaitingTestApproval')) {
      this.enter('AwaitingWaveTestApproval', 'approveWaveTest or requestWaveRetest');
    } else if (settled) {
      this.c.step = 'cutoverApproval';
      return;
    } else {
      const replicating = active.some((m) => m.stage === 'Pending' || !isAtOrPast(m.stage, 'TestFailover'));
      this.enter(replicating ? 'Replicating' : 'Testing', replicating ? 'initial syncs to finish' : 'test failovers to be up');
    }
    await this.changes();
  }

  private async cutoverApproval(): Promise<void> {
    const decision = this.take('approveWaveCutover');
    if (decision?.name === 'approveWaveCutover') {
      const { by, comment, notBefore, cutoverWindow } = decision.payload;
      this.c.approval = { by, comment, ...(notBefore ? { notBeforeMs: Date.parse(notBefore) } : {}) };
      if (cutoverWindow) this.c.window = cutoverWindow;
      this.c.status.cutover = { approvedBy: by, notBefore, window: this.c.window, nextGroup: this.c.group.index };
      this.c.step = 'cutover';
      this.acted(decision);
      return;
    }
    if (this.haltOnNewFailures('cutoverApproval')) return;
    if (this.state.active().filter((m) => m.stage !== 'Completed').length === 0 && (await this.confirm(this.started())))
      return this.finish();
    this.enter(
      'AwaitingWaveCutoverApproval',
      this.c.status.waitingFor?.what.startsWith('approveWaveCutover') ? this.c.status.waitingFor.what : 'approveWaveCutover',
    );
    await this.changes();
  }

  /** Group by group, in order: window, manual action, hook, failovers, hook. */
  private async cutover(): Promise<void> {
    const { group } = this.c;
    if (group.index >= this.request.groups.length) return this.finish();
    const spec = this.request.groups[group.index];
    const view = this.c.status.groups[group.index];
    const machines = this.groupMachines(group.index);
    if (this.c.status.cutover) this.c.status.cutover.nextGroup = group.index;
    if (machines.length === 0 && group.step !== 'failingOver') {
      view.state = 'Skipped';
      return this.nextGroup();
    }
    switch (group.step) {
      case 'manual': {
        if (!(await this.insideWindow(spec))) return;
        view.state = 'InProgress';
        if (spec.manualAction) {
          const done = this.take('continueWave');
          if (!done) {
            this.enter(
              'AwaitingManualAction',
              `continueWave once this is done (group ${spec.name}): ${spec.manualAction.instructions.slice(0, 200)}`,
            );
            return this.changes();
          }
          this.acted(done);
        }
        group.step = 'before';
        return;
      }
      case 'before': {
        if (!(await this.insideWindow(spec))) return;
        this.enter('CuttingOver', `group ${spec.name}: beforeFailover hook`);
        group.step = (await this.hook(spec, 'beforeFailover')) ? 'failover' : 'after';
        if (group.step === 'after') group.failed = true;
        return;
      }
      case 'failover': {
        // Nothing fails over outside the window: the last check is here, right before the approvals go out.
        if (!(await this.insideWindow(spec))) return;
        this.enter('CuttingOver', `group ${spec.name}: failovers to complete`);
        await this.confirm(this.groupIds(group.index));
        const ready = machines.filter((m) => m.stage === 'AwaitingFailoverApproval');
        const { approval } = this.c;
        await this.relay(
          ready.map((m) => m.machineId),
          'approveFailover',
          this.relayed({ by: approval!.by, comment: approval!.comment }),
        );
        group.step = 'failingOver';
        return;
      }
      case 'failingOver': {
        if (this.groupMachines(group.index).some((m) => !isOut(m.stage))) return this.changes();
        // The group is really done (completed, failed or aborted) before its afterFailover hook and the next group.
        if (!(await this.confirm(this.groupIds(group.index)))) return;
        group.step = 'after';
        return;
      }
      case 'after': {
        const anyFailed = this.request.groups[group.index].machines.some((m) => {
          const stage = this.state.machine(m.machineId)!.stage;
          return isOut(stage) && stage !== 'Completed' && stage !== 'Skipped';
        });
        if (!group.failed && !(await this.hook(spec, 'afterFailover'))) group.failed = true;
        if (anyFailed) group.failed = true;
        view.state = group.failed ? 'Failed' : 'Completed';
        return this.nextGroup();
      }
    }
  }

  /**
   * What a machine confirms an unproven approveFailover against: the approval acted on, the instants it holds
   * for, and the group whose failovers the wave approves now (none while waiting, halted or aborting).
   */
  private cutoverNow(): WaveCutover {
    const { approval, group, window } = this.c;
    const bounds = window ? windowBounds(window) : undefined;
    const notBeforeMs = Math.max(approval?.notBeforeMs ?? 0, bounds?.startMs ?? 0);
    const aborting = this.c.abort !== undefined || this.pending?.name === 'abortWave';
    const due =
      this.c.step === 'cutover' &&
      this.state.stage === 'CuttingOver' &&
      (group.step === 'failover' || group.step === 'failingOver') &&
      group.index < this.request.groups.length &&
      !aborting;
    return {
      wave: this.request.name,
      signedDecisions: this.c.policy?.decisionPublicKey !== undefined,
      ...(approval ? { approval: { by: approval.by, ...(approval.comment ? { comment: approval.comment } : {}) } } : {}),
      ...(notBeforeMs > 0 ? { notBeforeMs } : {}),
      ...(bounds ? { notAfterMs: bounds.endMs } : {}),
      ...(due ? { cuttingOver: { group: this.request.groups[group.index].name, machineIds: this.groupIds(group.index) } } : {}),
    };
  }

  private nextGroup(): void {
    const failed = this.c.group.failed;
    this.c.group = { index: this.c.group.index + 1, step: 'manual', failed: false };
    this.c.seenFailures = this.state.failed().length;
    if (failed && this.c.group.index < this.request.groups.length) {
      this.c.resume = 'cutover';
      this.c.step = this.request.failurePolicy === 'halt' ? 'halted' : 'awaitingContinue';
    }
  }

  /**
   * True inside the cutover window (and past the approval's notBefore). Before it, waits; after it, the groups
   * not started wait for the next approveWaveCutover.
   */
  private async insideWindow(spec: WaveGroup): Promise<boolean> {
    const bounds = this.c.window ? windowBounds(this.c.window) : undefined;
    const startMs = Math.max(this.c.approval?.notBeforeMs ?? 0, bounds?.startMs ?? 0);
    const now = Date.now();
    if (bounds && now >= bounds.endMs) {
      this.c.step = 'cutoverApproval';
      this.c.approval = undefined;
      this.c.group.step = 'manual';
      delete this.c.status.cutover;
      this.enter(
        'AwaitingWaveCutoverApproval',
        `approveWaveCutover: the window closed before group ${spec.name} (${this.c.window!.notAfter} ${this.c.window!.timeZone})`,
      );
      return false;
    }
    if (now < startMs) {
      this.enter('AwaitingCutoverWindow', `${new Date(startMs).toISOString()} to cut over group ${spec.name}`);
      await this.changes(startMs - now);
      return false;
    }
    return true;
  }

  private async hook(spec: WaveGroup, phase: 'beforeFailover' | 'afterFailover'): Promise<boolean> {
    const hook = spec.hooks?.[phase];
    if (!hook) return true;
    const activities = proxyActivities<WaveActivities>({
      startToCloseTimeout: (hook.timeoutSeconds + 5) * 1000,
      retry: { initialInterval: '1 second', backoffCoefficient: 2, maximumInterval: '30 seconds', maximumAttempts: hook.retries + 1 },
    });
    try {
      await activities.runHook({
        hook,
        wave: this.request.name,
        group: spec.name,
        phase,
        machineIds: spec.machines.map((m) => m.machineId),
      });
      return true;
    } catch (error) {
      const cause = (error as Error).cause;
      const message = boundedText(cause instanceof Error ? cause.message : String(error), 500)!;
      this.c.status.lastError = { code: 'HookFailed', message: `group ${spec.name}: ${message}`, at: new Date(Date.now()).toISOString() };
      this.c.status.notes.push(
        phase === 'beforeFailover'
          ? `The beforeFailover hook of group ${spec.name} failed (${message}): its machines were not failed over and wait at AwaitingFailoverApproval.`
          : `The afterFailover hook of group ${spec.name} failed (${message}).`,
      );
      return false;
    }
  }

  private async awaitContinue(): Promise<void> {
    const decision = this.take('continueWave');
    if (decision) {
      this.c.step = this.c.resume ?? 'preCutover';
      this.c.seenFailures = this.state.failed().length;
      this.acted(decision);
      return;
    }
    const why = this.c.status.lastError ? ` (${this.c.status.lastError.message.slice(0, 200)})` : '';
    if (this.c.step === 'halted') this.enter('Halted', `continueWave or abortWave after a failure${why}`);
    else this.enter('AwaitingContinue', `continueWave: a group failed${why}`);
    await this.changes();
  }

  private startAbort(payload: NonNullable<Carried['abort']>): void {
    this.c.abort = payload;
    this.c.step = 'aborting';
  }

  /** Aborts every machine not yet failing over (each cleans up), skips those not started, waits for them all. */
  private async aborting(): Promise<void> {
    this.enter('Aborting', 'machines to finish aborting (or failing over, for those already past it)');
    if (!this.c.abortRelayed) {
      for (const m of this.state.all()) if (m.stage === 'Pending') this.state.setMachineStage(m.machineId, 'Skipped');
      const abortable = this.state.all().filter((m) => !isOut(m.stage) && !isAtOrPast(m.stage, 'FailingOver') && m.stage !== 'Aborting');
      const { by, comment, reason, proof } = this.c.abort!;
      await this.relay(
        abortable.map((m) => m.machineId),
        'abortMigration',
        { ...this.relayed({ by, comment }, proof), reason: boundedText(`wave ${this.request.name} aborted: ${reason}`, 2000)! },
      );
      this.c.abortRelayed = true;
    }
    if (this.state.all().some((m) => !isOut(m.stage))) return this.changes();
    this.enter('Aborted');
  }

  private finish(): void {
    const groupFailed = this.c.status.groups.some((g) => g.state === 'Failed');
    this.enter(this.state.failed().length === 0 && !groupFailed ? 'Completed' : 'CompletedWithFailures');
  }

  /** Under `halt`, a machine that failed (or was aborted by hand) stops the wave until an operator decides. */
  private haltOnNewFailures(from: Step): boolean {
    const failures = this.state.failed().length;
    if (failures <= this.c.seenFailures) return false;
    if (this.request.failurePolicy === 'continue') {
      this.c.seenFailures = failures;
      return false;
    }
    const last = this.state.failed().at(-1)!;
    this.c.status.lastError = {
      code: 'MachineFailed',
      message: `${last.machineId} ended ${last.stage}${last.error ? ` (${last.error.code}: ${last.error.message})` : ''}`,
      at: new Date(Date.now()).toISOString(),
    };
    this.c.resume = from;
    this.c.step = 'halted';
    return true;
  }

  private async startMachines(): Promise<void> {
    if (this.c.abort) return;
    const free = this.request.replicationConcurrency - this.state.syncing();
    if (free <= 0) return;
    const next = waveMachines(this.request)
      .filter((m) => this.state.machine(m.machineId)!.stage === 'Pending')
      .slice(0, free);
    await Promise.all(next.map((m) => this.startMachine(m)));
  }

  private async startMachine(request: MigrationRequest): Promise<void> {
    this.state.setMachineStage(request.machineId, 'Preflight');
    try {
      const child = await startChild('migrateMachine', {
        workflowId: workflowIdFor(request.machineId),
        args: [request],
        // A wave continues as new: its machines must outlive each run (they report to the wave's id).
        parentClosePolicy: ParentClosePolicy.ABANDON,
        typedSearchAttributes: initialSearchAttributes(request),
      });
      child.result().catch(() => undefined);
    } catch (error) {
      const message = boundedText((error as Error).message, 500)!;
      this.state.setMachineStage(request.machineId, 'StartRefused', { code: 'StartRefused', message });
      this.version += 1;
    }
  }

  private groupIds(index: number): string[] {
    return this.request.groups[index].machines.map((m) => m.machineId);
  }

  /** Machines the wave started (whatever their reports say since). */
  private started(): string[] {
    return this.state
      .all()
      .filter((m) => m.stage !== 'Pending' && m.stage !== 'Skipped' && m.stage !== 'StartRefused')
      .map((m) => m.machineId);
  }

  /**
   * Reads the real stages of these machines from Temporal and takes them over the reported ones; true when
   * the reports were right. A machine found wrong takes its next report whatever its sequence number (a forged
   * high one blocks nothing). Skipped when nothing changed since the last confirmation.
   */
  private async confirm(machineIds: string[]): Promise<boolean> {
    const { confirmed } = this;
    if (!this.confirming || machineIds.length === 0) return true;
    if (confirmed?.version === this.version && machineIds.every((id) => confirmed.machineIds.has(id))) return true;
    const seen = this.version;
    const truths = await waveReads.confirmMigrationStages({ waveWorkflowId: workflowInfo().workflowId, machineIds });
    const wrong: string[] = [];
    for (const truth of truths) {
      const view = this.state.machine(truth.machineId);
      if (!view || view.stage === truth.stage) continue;
      wrong.push(`${truth.machineId} (reported ${view.stage}, is ${truth.stage})`);
      this.state.setMachineStage(truth.machineId, truth.stage, truth.error);
      delete this.c.seqs[truth.machineId];
    }
    if (wrong.length > 0) {
      const more = wrong.length > 5 ? ` and ${wrong.length - 5} more` : '';
      this.note(`Reports did not match the machines' real stages, corrected from Temporal: ${wrong.slice(0, 5).join(', ')}${more}.`);
      // A forged failure counted meanwhile (nextGroup, continueWave) must not hide a later real one from the halt.
      if (this.failuresConfirmed) this.c.seenFailures = Math.min(this.c.seenFailures, this.state.failed().length);
      this.version += 1;
      return false;
    }
    if (this.version === seen) this.confirmed = { version: seen, machineIds: new Set(machineIds) };
    return true;
  }

  /** Keeps the latest MAX_NOTES notes (a flood of forged reports must not grow the status without bound). */
  private note(text: string): void {
    this.c.status.notes.push(boundedText(text, 1000)!);
    if (this.c.status.notes.length > MAX_NOTES) this.c.status.notes.splice(0, this.c.status.notes.length - MAX_NOTES);
  }

  private groupMachines(index: number) {
    return this.request.groups[index].machines
      .map((m) => this.state.machine(m.machineId)!)
      .filter((m) => !isOut(m.stage) || m.stage === 'Completed');
  }

  /** A wave decision as relayed to a machine: by the wave's decider, naming the wave, with its proof (signed decisions). */
  private relayed(
    payload: { by: string; comment?: string },
    proof?: DecisionProof,
  ): { by: string; comment: string; proof?: DecisionProof } {
    const note = `wave ${this.request.name}${payload.comment ? `: ${payload.comment}` : ''}`;
    return { by: payload.by, comment: boundedText(note, 2000)!, ...(proof ? { proof } : {}) };
  }

  /** Sends a decision to each machine's migration; one that ended meanwhile is left out, noted. */
  private async relay<N extends DecisionName>(
    machineIds: string[],
    name: N,
    payload: DecisionPayload<N> & { proof?: DecisionProof },
  ): Promise<void> {
    await Promise.all(
      machineIds.map((machineId) =>
        getExternalWorkflowHandle(workflowIdFor(machineId))
          .signal(DECISION_SIGNALS[name], payload)
          .catch(() => {
            this.c.status.notes.push(`${name} could not be sent to ${machineId}: its migration is no longer running.`);
          }),
      ),
    );
  }

  private onReport(raw: unknown): void {
    const parsed = MachineStageReportSchema.safeParse(raw);
    const report = parsed.success ? parsed.data : undefined;
    const machine = report && this.state.machine(report.machineId);
    // Only a started machine of this wave reports, and only forward: anything else is counted and ignored.
    if (!report || !machine || machine.stage === 'Pending' || machine.stage === 'Skipped' || machine.stage === 'StartRefused') {
      this.c.status.ignoredReports += 1;
      return;
    }
    const last = this.c.seqs[report.machineId] ?? 0;
    // A machine's reports count up by one: a gap or a repeat is a report overtaken, or one not sent by the machine.
    if (this.confirming && (report.seq !== last + 1 || this.confirmsFailure(report.stage))) this.suspect(report.machineId);
    if (report.seq <= last) {
      this.c.status.ignoredReports += 1;
      return;
    }
    this.c.seqs[report.machineId] = report.seq;
    this.state.setMachineStage(report.machineId, report.stage, report.error);
    this.version += 1;
  }

  /** A reported failure is believed only once Temporal confirms it (CONFIRM_FAILURE_REPORTS). */
  private confirmsFailure(stage: WaveMachineStage): boolean {
    if (!isOut(stage) || stage === 'Completed') return false;
    this.failuresConfirmed ||= patched(CONFIRM_FAILURE_REPORTS);
    return this.failuresConfirmed;
  }

  private suspect(machineId: string): void {
    this.c.suspects ??= [];
    if (!this.c.suspects.includes(machineId)) this.c.suspects.push(machineId);
    this.version += 1;
  }

  private decide(name: string, raw: unknown, via: 'signal' | 'update'): DecisionOutcome {
    const check = checkWaveDecision(name, raw, this.context());
    if (check.proven) this.guard.spend(check.proven);
    if (!check.ok) {
      this.state.recordRefused(name, via, raw, check.reason);
      return check;
    }
    const { ok: _ok, proven: _proven, proof, ...decision } = check;
    const { by, comment, ...rest } = decision.payload as { by: string; comment?: string } & Record<string, unknown>;
    const details = Object.fromEntries(Object.entries(rest).map(([k, v]) => [k, typeof v === 'string' ? v : JSON.stringify(v)]));
    this.state.recordAccepted({ name: decision.name, via, by, comment, ...(Object.keys(details).length ? { details } : {}) });
    if (decision.name === 'approveWaveTest') this.c.testApprovedBy = by;
    const seq = ++this.c.acceptedSeq;
    this.pending = { ...decision, seq, ...(proof ? { proof } : {}) };
    this.version += 1;
    return { ok: true, seq };
  }

  private async decideByUpdate(name: string, payload: unknown): Promise<WaveStatus> {
    // While the policy is unknown the validator judged what it could without it; the rules that need it run here.
    const arrived = this.arrivals.arrive({ name, raw: payload, via: 'update' });
    const outcome = arrived instanceof Promise ? await arrived : arrived;
    if (!outcome.ok) throw decisionRejected(outcome.reason, outcome.rule);
    await condition(() => this.actedSeq >= outcome.seq || FINAL_WAVE_STAGES.includes(this.state.stage));
    return this.state.status;
  }

  private context() {
    const { pending } = this;
    return {
      stage: this.state.stage,
      machines: this.state
        .active()
        .filter((m) => m.stage !== 'Completed')
        .map((m) => this.requests.get(m.machineId)!),
      pending: pending && pending.name !== 'abortWave' ? { name: pending.name, by: pending.payload.by } : undefined,
      abortedBy: this.c.abort?.by,
      acceptedCount: this.state.acceptedCount,
      ...this.guard.context(),
      startedBy: this.request.startedBy,
      testApprovedBy: this.c.testApprovedBy,
    };
  }

  /** The pending decision if it is one of `names` (taken: the caller acts on it). */
  private take<N extends WaveDecisionName>(...names: N[]): Extract<Accepted, { name: N }> | undefined {
    const pending = this.pending;
    if (!pending || !(names as string[]).includes(pending.name)) return undefined;
    this.pending = undefined;
    if (pending.name === 'abortWave') this.actedSeq = pending.seq;
    return pending as Extract<Accepted, { name: N }>;
  }

  private acted(decision: Accepted): void {
    this.actedSeq = Math.max(this.actedSeq, decision.seq);
  }

  /** Enters a stage; a decision accepted for the stage left and not acted on is answered as not acted on. */
  private enter(stage: WaveStage, waitingFor?: string): void {
    const pending = this.pending;
    if (pending && pending.name !== 'abortWave' && !(WAVE_DECISIONS[pending.name].allowedStages as readonly WaveStage[]).includes(stage)) {
      this.c.status.notes.push(`${pending.name} by ${pending.payload.by} was not acted on: the wave moved to ${stage} first.`);
      this.pending = undefined;
      this.actedSeq = Math.max(this.actedSeq, pending.seq);
    }
    this.state.enter(stage, waitingFor);
  }

  /** Waits for a machine report, a decision, the server's suggestion to continue as new, or `timeoutMs`. */
  private async changes(timeoutMs?: number): Promise<void> {
    const seen = this.version;
    const changed = () => this.version !== seen || this.shouldContinueAsNew();
    if (timeoutMs === undefined) await condition(changed);
    else await condition(changed, timeoutMs);
  }

  private shouldContinueAsNew(): boolean {
    const info = workflowInfo();
    return (info.continueAsNewSuggested || info.historyLength > MAX_EVENTS_PER_RUN) && this.pending === undefined;
  }

  /** Hands the state to a new run once every handler finished (no decision or report is left unhandled). */
  private async continueAsNew(): Promise<never> {
    await condition(allHandlersFinished);
    if (this.c.policy?.decisionPublicKey) this.c.spentNonces = this.guard.spentNonces();
    return continueAsNew<typeof migrateWave>(this.request, this.c);
  }
}
