import { upsertSearchAttributes } from '@temporalio/workflow';
import { MIGRATION_WAVE, WAVE_STAGE } from '../common/search-attributes';
import { FINAL_STAGES, STAGES, type Stage } from '../common/stages';
import { WAVE_DECISION_LIMITS } from '../common/wave-decisions';
import type { WaveRequest } from '../common/wave-request';
import type { WaveMachineStage, WaveStage } from '../common/wave-stages';
import type { WaveDecisionRecord, WaveMachineView, WaveStatus } from '../common/wave-status';
import { boundedText } from './bounded-text';
import { nowIso } from './migration-state';

/** Machine stages in which a machine holds a replication slot (started, initial sync not finished). */
const SYNCING: readonly WaveMachineStage[] = ['Preflight', 'EnablingReplication', 'InitialReplication'];
/** Machine stages that end its part in the wave. */
const OUT: readonly WaveMachineStage[] = [...FINAL_STAGES, 'Skipped', 'StartRefused'];

/** The wave's observable state: what `waveStatus` answers, what a continue-as-new carries. */
export class WaveState {
  private readonly machines = new Map<string, WaveMachineView>();
  private readonly groupIndex = new Map<string, number>();

  constructor(readonly status: WaveStatus) {
    status.groups.forEach((group, g) =>
      group.machines.forEach((machine) => {
        this.machines.set(machine.machineId, machine);
        this.groupIndex.set(machine.machineId, g);
      }),
    );
  }

  /** `multiVmGroups`: a group's multiVmGroupName is used (WAVE_MULTI_VM_GROUPS), so its status shows it. */
  static initial(request: WaveRequest, { multiVmGroups }: { multiVmGroups: boolean }): WaveState {
    const at = nowIso();
    return new WaveState({
      name: request.name,
      stage: 'Checking',
      since: at,
      failurePolicy: request.failurePolicy,
      replicationConcurrency: request.replicationConcurrency,
      groups: request.groups.map((group) => ({
        name: group.name,
        state: 'Pending',
        ...(group.manualAction ? { manualAction: group.manualAction.instructions } : {}),
        ...(multiVmGroups && group.multiVmGroupName !== undefined ? { multiVmGroupName: group.multiVmGroupName } : {}),
        machines: group.machines.map((m) => ({ machineId: m.machineId, stage: 'Pending', since: at })),
      })),
      counts: {},
      decisions: [],
      refusedDecisions: 0,
      ignoredReports: 0,
      run: 1,
      notes: [],
    });
  }

  get stage(): WaveStage {
    return this.status.stage;
  }

  enter(stage: WaveStage, waitingFor?: string): void {
    const at = nowIso();
    if (stage !== this.status.stage) {
      this.status.stage = stage;
      this.status.since = at;
      upsertSearchAttributes([{ key: WAVE_STAGE, value: stage }]);
    }
    if (waitingFor === undefined) delete this.status.waitingFor;
    else if (this.status.waitingFor?.what !== waitingFor) this.status.waitingFor = { what: waitingFor, since: at };
  }

  /** Sets MigrationWave and WaveStage when the start did not (anyone may start a wave without our client). */
  static upsertInitial(name: string, stage: WaveStage): void {
    upsertSearchAttributes([
      { key: MIGRATION_WAVE, value: name },
      { key: WAVE_STAGE, value: stage },
    ]);
  }

  machine(machineId: string): WaveMachineView | undefined {
    return this.machines.get(machineId);
  }

  groupOf(machineId: string): number {
    return this.groupIndex.get(machineId)!;
  }

  all(): WaveMachineView[] {
    return [...this.machines.values()];
  }

  setMachineStage(machineId: string, stage: WaveMachineStage, error?: { code: string; message: string }): void {
    const view = this.machines.get(machineId)!;
    view.stage = stage;
    view.since = nowIso();
    if (error) view.error = error;
    this.recount();
  }

  /** Machines still taking part (not failed, aborted, skipped or refused). */
  active(): WaveMachineView[] {
    return this.all().filter((m) => !isOut(m.stage) || m.stage === 'Completed');
  }

  /** Machines that failed, were aborted or could not start. */
  failed(): WaveMachineView[] {
    return this.all().filter((m) => isOut(m.stage) && m.stage !== 'Completed' && m.stage !== 'Skipped');
  }

  syncing(): number {
    return this.all().filter((m) => SYNCING.includes(m.stage)).length;
  }

  recount(): void {
    const counts: WaveStatus['counts'] = {};
    for (const m of this.machines.values()) counts[m.stage] = (counts[m.stage] ?? 0) + 1;
    this.status.counts = counts;
  }

  recordAccepted(record: Omit<WaveDecisionRecord, 'at' | 'stage' | 'accepted'>): void {
    this.status.decisions.push({ ...record, accepted: true, at: nowIso(), stage: this.stage });
  }

  recordRefused(name: string, via: WaveDecisionRecord['via'], raw: unknown, reason: string): void {
    const payload = (typeof raw === 'object' && raw !== null ? raw : {}) as Record<string, unknown>;
    this.status.decisions.push({
      name: boundedText(name, 60)!,
      via,
      by: boundedText(payload.by, 100) ?? null,
      at: nowIso(),
      comment: boundedText(payload.comment, 200),
      accepted: false,
      rejectionReason: boundedText(reason, 600),
      stage: this.stage,
    });
    this.status.refusedDecisions += 1;
    const refusals = this.status.decisions.filter((d) => !d.accepted).length;
    if (refusals > WAVE_DECISION_LIMITS.KEPT_REFUSALS)
      this.status.decisions.splice(
        this.status.decisions.findIndex((d) => !d.accepted),
        1,
      );
  }

  get acceptedCount(): number {
    return this.status.decisions.filter((d) => d.accepted && d.name !== 'abortWave').length;
  }
}

export function isOut(stage: WaveMachineStage): boolean {
  return OUT.includes(stage);
}

/** How far a machine got along the migration's stages (`Pending`, not started, before any). */
export function isAtOrPast(stage: WaveMachineStage, mark: Stage): boolean {
  const rank = (s: WaveMachineStage) => (s === 'Pending' ? -1 : STAGES.indexOf(s as Stage));
  return rank(stage) >= rank(mark);
}
