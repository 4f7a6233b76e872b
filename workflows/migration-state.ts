import { upsertSearchAttributes, workflowInfo } from '@temporalio/workflow';
import type { MigrationRequest } from '../common/migration-request';
import type { DecisionRecord, MigrationError, MigrationStatus } from '../common/migration-status';
import { MIGRATION_STAGE, MIGRATION_WAVE, SOURCE_PLATFORM, STAGES_NOT_SEARCHABLE } from '../common/search-attributes';
import type { Stage } from '../common/stages';
import type { InitialReplicationObservation } from '../activities';

/** Workflow time as ISO text (deterministic inside a workflow). */
export const nowIso = () => new Date(Date.now()).toISOString();

/** The migration's observable state: what the `status` query returns, kept in step with search attributes. */
export class MigrationState {
  readonly status: MigrationStatus;
  /** True from the moment a test failover is requested until its cleanup finished. */
  testFailoverActive = false;
  /** True from the moment enabling replication was requested (an interrupted enable may have created it). */
  replicationRequested = false;

  /** Lean search attributes (LEAN_MIGRATION_COST): only what the start did not set, only for stages people query. */
  private readonly lean: boolean;

  constructor(request: MigrationRequest, options: { lean?: boolean } = {}) {
    this.lean = options.lean ?? false;
    this.status = {
      machineId: request.machineId,
      displayName: request.displayName,
      scenario: request.scenario,
      wave: request.wave,
      stage: 'Preflight',
      stages: [{ stage: 'Preflight', enteredAt: nowIso() }],
      replication: { percent: 0, stalled: false },
      testFailoverCount: 0,
      decisions: [],
      resources: {},
      leftBehind: [],
    };
    const initial = [
      { key: MIGRATION_STAGE, value: 'Preflight' },
      { key: SOURCE_PLATFORM, value: request.scenario },
      ...(request.wave ? [{ key: MIGRATION_WAVE, value: request.wave }] : []),
    ];
    // MigrationClient sets these at the start; a start that did not (another client) gets them here.
    const missing = this.lean ? initial.filter(({ key, value }) => workflowInfo().typedSearchAttributes.get(key) !== value) : initial;
    if (missing.length > 0) upsertSearchAttributes(missing);
  }

  get stage(): Stage {
    return this.status.stage;
  }

  /** Who approved the failover, once someone has (the workflow then waits for notBefore). */
  get failoverApprovedBy(): string | undefined {
    return this.status.decisions.find((d) => d.name === 'approveFailover' && d.accepted)?.by ?? undefined;
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
  }

  recordReplication(observation: InitialReplicationObservation): void {
    this.status.replication = {
      percent: observation.percent,
      protectionState: observation.protectionState,
      replicationHealth: observation.replicationHealth,
      stalled: observation.stalled,
      lastChangeAt: new Date(observation.lastChangeAtMs).toISOString(),
    };
  }

  recordDecision(record: Omit<DecisionRecord, 'at' | 'stage'>): DecisionRecord {
    const full: DecisionRecord = { ...record, at: nowIso(), stage: this.stage };
    this.status.decisions.push(full);
    return full;
  }

  recordError(error: Omit<MigrationError, 'at' | 'stage'>): void {
    this.status.lastError = { ...error, stage: this.stage, at: nowIso() };
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
