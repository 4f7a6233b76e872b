import { upsertSearchAttributes, workflowInfo } from '@temporalio/workflow';
import { DECISION_LIMITS } from '../common/decisions';
import { testApproverOf } from '../common/four-eyes';
import type { MigrationRequest } from '../common/migration-request';
import type { DecisionRecord, MigrationError, MigrationStatus } from '../common/migration-status';
import { initialSearchAttributes, MIGRATION_STAGE, STAGES_NOT_SEARCHABLE } from '../common/search-attributes';
import type { Stage } from '../common/stages';
import type { InitialReplicationObservation } from '../activities';
import { refusalRecord, type Refusal } from './refusal-record';
import { lastError, replicationProgress } from './status-records';

/** Workflow time as ISO text (deterministic inside a workflow). */
export const nowIso = () => new Date(Date.now()).toISOString();

/** The migration's observable state: what the `status` query returns, kept in step with search attributes. */
export class MigrationState {
  readonly status: MigrationStatus;
  /** True from the moment a test failover is requested until its cleanup finished. */
  testFailoverActive = false;
  /** True from the moment enabling replication was requested (an interrupted enable may have created it). */
  replicationRequested = false;

  /** Called after each stage change (a wave's child reports it: workflows/report-to-parent.ts). */
  onEnter?: (stage: Stage) => void;

  /** Lean search attributes (LEAN_MIGRATION_COST): only what the start did not set, only for stages people query. */
  private readonly lean: boolean;

  constructor(request: MigrationRequest, options: { lean?: boolean } = {}) {
    this.lean = options.lean ?? false;
    this.status = {
      machineId: request.machineId,
      displayName: request.displayName,
      scenario: request.scenario,
      wave: request.wave,
      ...(request.startedBy ? { startedBy: request.startedBy } : {}),
      stage: 'Preflight',
      stages: [{ stage: 'Preflight', enteredAt: nowIso() }],
      replication: { percent: 0, stalled: false },
      testFailoverCount: 0,
      decisions: [],
      refusedDecisions: 0,
      resources: {},
      leftBehind: [],
    };
    const initial = initialSearchAttributes(request);
    // MigrationClient sets these at the start (why both: initialSearchAttributes); a start that did not gets them here.
    const missing = this.lean ? initial.filter(({ key, value }) => workflowInfo().typedSearchAttributes.get(key) !== value) : initial;
    if (missing.length > 0) upsertSearchAttributes(missing);
  }

  get stage(): Stage {
    return this.status.stage;
  }

  /** Who approved the failover, while that approval stands (a cancelled scheduled failover needs a new one). */
  get failoverApprovedBy(): string | undefined {
    let approvedBy: string | undefined;
    for (const decision of this.status.decisions) {
      if (!decision.accepted) continue;
      if (decision.name === 'approveFailover') approvedBy = decision.by ?? undefined;
      if (decision.name === 'cancelScheduledFailover') approvedBy = undefined;
    }
    return approvedBy;
  }

  /** Who approved the test failover (the one accepted approveTestFailover: it ends the test loop). */
  get testApprovedBy(): string | undefined {
    return testApproverOf(this.status.decisions);
  }

  /** Accepted decisions other than an abort (DECISION_LIMITS.MAX_ACCEPTED_DECISIONS caps them). */
  get acceptedCount(): number {
    return this.status.decisions.filter((d) => d.accepted && d.name !== 'abortMigration').length;
  }

  /** When initial sync progress last moved, as the checks observed it. */
  get replicationChangedAtMs(): number | undefined {
    const { lastChangeAt } = this.status.replication;
    return lastChangeAt ? Date.parse(lastChangeAt) : undefined;
  }

  enter(stage: Stage): void {
    if (stage === this.status.stage) return;
    this.status.stage = stage;
    this.status.stages.push({ stage, enteredAt: nowIso() });
    if (!this.lean || !STAGES_NOT_SEARCHABLE.includes(stage)) upsertSearchAttributes([{ key: MIGRATION_STAGE, value: stage }]);
    this.onEnter?.(stage);
  }

  recordReplication(observation: InitialReplicationObservation): void {
    this.status.replication = replicationProgress(observation);
  }

  /** An accepted decision, kept in full (its payload passed the schema, so it is bounded already). */
  recordAccepted(record: Omit<DecisionRecord, 'at' | 'stage' | 'accepted' | 'rejectionReason'>): void {
    this.status.decisions.push({ ...record, accepted: true, at: nowIso(), stage: this.stage });
  }

  /**
   * A refused decision: counted, and kept cut to DECISION_LIMITS with only the latest KEPT_REFUSALS of them,
   * so a flood of hostile messages cannot grow the state or `status`.
   */
  recordRefused(refusal: Refusal): void {
    const record: DecisionRecord = refusalRecord(refusal, ['reason', 'notBefore'], { stage: this.stage, at: nowIso() });
    const { decisions } = this.status;
    decisions.push(record);
    this.status.refusedDecisions = (this.status.refusedDecisions ?? 0) + 1;
    if (this.status.refusedDecisions > DECISION_LIMITS.KEPT_REFUSALS)
      decisions.splice(
        decisions.findIndex((d) => !d.accepted),
        1,
      );
  }

  recordError(error: Omit<MigrationError, 'at' | 'stage'>): void {
    this.status.lastError = lastError(error, this.stage, nowIso());
  }

  leave(note: string): void {
    this.status.leftBehind.push(note);
  }

  /** Extra fields of a decision (reason, notBefore), as shown in status. */
  static detailsOf(payload: Record<string, unknown>): Record<string, string> | undefined {
    const entries = Object.entries(payload).filter(([key, value]) => key !== 'by' && key !== 'comment' && typeof value === 'string');
    return entries.length > 0 ? Object.fromEntries(entries as [string, string][]) : undefined;
  }
}
