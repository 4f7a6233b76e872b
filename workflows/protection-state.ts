import { upsertSearchAttributes, workflowInfo } from '@temporalio/workflow';
import { PROTECTION_DECISION_LIMITS } from '../common/protection-decisions';
import type { ProtectionRequest } from '../common/protection-request';
import type { ProtectionStage } from '../common/protection-stages';
import {
  PROTECTION_STATUS_LIMITS,
  type AlertRecord,
  type DrillRecord,
  type ProtectionDecisionRecord,
  type ProtectionStatus,
} from '../common/protection-status';
import { initialSearchAttributes, MIGRATION_STAGE } from '../common/search-attributes';
import type { InitialReplicationObservation, ProtectionBand, ProtectionObservation } from '../activities';
import { boundedText } from './bounded-text';
import { nowIso } from './migration-state';
import { refusalRecord, type Refusal } from './refusal-record';
import { lastError, replicationProgress } from './status-records';

/**
 * Stages MigrationStage does not show (each upsert is a billable action and a history event): the short steps.
 * The waits people look for (Protected, AwaitingDrillSignOff, FailedOver, ...), the long operations and the
 * outcomes are shown.
 */
const STAGES_NOT_SEARCHABLE: readonly ProtectionStage[] = [
  'EnablingReplication',
  'Drilling',
  'CleaningUpDrill',
  'ChangingRecoveryPoint',
  'Committing',
  'Reprotecting',
  'ConvertingToMigration',
  'StoppingProtection',
];

/** A status with nothing recorded yet, in `stage`. */
export function blankProtectionStatus(
  machineId: string,
  stage: ProtectionStage,
  known: Partial<Pick<ProtectionStatus, 'displayName' | 'scenario' | 'wave' | 'startedBy'>>,
): ProtectionStatus {
  return {
    machineId,
    mode: 'disaster-recovery',
    ...known,
    stage,
    stages: [{ stage, enteredAt: nowIso() }],
    stageCount: 1,
    replication: { percent: 0, stalled: false },
    activeLocation: 'Primary',
    activeAlerts: [],
    alerts: [],
    drills: [],
    drillCount: 0,
    decisions: [],
    decisionCounts: {},
    refusedDecisions: 0,
    resources: {},
    leftBehind: [],
    run: 1,
  };
}

/** An alert raised or cleared by a health reading, to be notified. */
export interface AlertChange {
  alert: AlertRecord;
  state: 'raised' | 'cleared';
}

/** The protection's observable state: what `status` returns, and what continue-as-new carries to the next run. */
export class ProtectionState {
  readonly status: ProtectionStatus;
  /** True while a test failover may exist (from its request until its cleanup finished). */
  testFailoverActive = false;

  /** `carried`: the status of the run this one continues (continue-as-new); a fresh start otherwise. */
  constructor(request: ProtectionRequest, carried?: ProtectionStatus) {
    if (carried) {
      this.status = carried;
      return;
    }
    const { machineId, displayName, scenario, wave, startedBy } = request;
    this.status = blankProtectionStatus(machineId, 'Preflight', { displayName, scenario, wave, ...(startedBy ? { startedBy } : {}) });
    const missing = initialSearchAttributes(request).filter(({ key, value }) => workflowInfo().typedSearchAttributes.get(key) !== value);
    if (missing.length > 0) upsertSearchAttributes(missing);
  }

  get stage(): ProtectionStage {
    return this.status.stage;
  }

  /** What the health watch compares its readings with; undefined before the first reading. */
  get band(): ProtectionBand | undefined {
    const { health } = this.status;
    return (
      health && { replicationHealth: health.replicationHealth, rpoExceeded: health.rpoExceeded, activeLocation: health.activeLocation }
    );
  }

  enter(stage: ProtectionStage): void {
    if (stage === this.status.stage) return;
    this.status.stage = stage;
    this.status.stages.push({ stage, enteredAt: nowIso() });
    this.status.stageCount += 1;
    if (this.status.stages.length > PROTECTION_STATUS_LIMITS.KEPT_STAGES) this.status.stages.shift();
    if (!STAGES_NOT_SEARCHABLE.includes(stage)) upsertSearchAttributes([{ key: MIGRATION_STAGE, value: stage }]);
  }

  recordReplication(observation: InitialReplicationObservation): void {
    this.status.replication = replicationProgress(observation);
  }

  /**
   * A reading that changed the health band: kept in status, and the alerts it raises (RPO over the policy's
   * threshold, health Critical) or clears (back under, no longer Critical), to be notified.
   */
  recordHealth(observation: ProtectionObservation): AlertChange[] {
    const at = nowIso();
    this.status.health = {
      replicationHealth: observation.replicationHealth,
      rpoSeconds: observation.rpoSeconds,
      rpoThresholdSeconds: observation.rpoThresholdSeconds,
      rpoExceeded: observation.rpoExceeded,
      activeLocation: observation.activeLocation,
      protectionState: observation.protectionState,
      observedAt: at,
    };
    const rpo = `RPO ${observation.rpoSeconds ?? 'unknown'} s, the policy's threshold ${observation.rpoThresholdSeconds} s`;
    return [
      this.alertChange('rpo', observation.rpoExceeded, `${this.status.machineId}: ${rpo}`, at),
      this.alertChange(
        'health',
        observation.replicationHealth === 'Critical',
        `${this.status.machineId}: replication health ${observation.replicationHealth}`,
        at,
      ),
    ].filter((change): change is AlertChange => change !== undefined);
  }

  private alertChange(kind: AlertRecord['kind'], on: boolean, message: string, at: string): AlertChange | undefined {
    const active = this.status.activeAlerts.find((alert) => alert.kind === kind);
    if (on && !active) {
      const alert: AlertRecord = { kind, raisedAt: at, message, notified: 'pending' };
      this.status.activeAlerts.push(alert);
      return { alert, state: 'raised' };
    }
    if (!on && active) {
      active.clearedAt = at;
      active.message = `${active.message}; recovered: ${message}`;
      this.status.activeAlerts = this.status.activeAlerts.filter((alert) => alert !== active);
      this.status.alerts.push(active);
      if (this.status.alerts.length > PROTECTION_STATUS_LIMITS.KEPT_ALERTS) this.status.alerts.shift();
      return { alert: active, state: 'cleared' };
    }
    return undefined;
  }

  recordDrill(drill: DrillRecord): void {
    const cut = (text: string | undefined) => boundedText(text, PROTECTION_STATUS_LIMITS.DRILL_TEXT_CHARS);
    this.status.drills.push({ ...drill, comment: cut(drill.comment), note: cut(drill.note) });
    this.status.drillCount += 1;
    if (this.status.drills.length > PROTECTION_STATUS_LIMITS.KEPT_DRILLS) this.status.drills.shift();
  }

  /** An accepted decision, kept in full among the latest KEPT_ACCEPTED, and counted by name. */
  recordAccepted(record: Omit<ProtectionDecisionRecord, 'at' | 'stage' | 'accepted' | 'rejectionReason'>): void {
    this.keep({ ...record, accepted: true, at: nowIso(), stage: this.stage }, PROTECTION_DECISION_LIMITS.KEPT_ACCEPTED);
    this.status.decisionCounts[record.name] = (this.status.decisionCounts[record.name] ?? 0) + 1;
  }

  /** A refused decision: counted, and kept cut short among the latest KEPT_REFUSALS. */
  recordRefused(refusal: Refusal): void {
    this.keep(refusalRecord(refusal, ['reason', 'type'], { stage: this.stage, at: nowIso() }), PROTECTION_DECISION_LIMITS.KEPT_REFUSALS);
    this.status.refusedDecisions += 1;
  }

  /** Appends a record, dropping the oldest of its kind (accepted or refused) beyond `kept`. */
  private keep(record: ProtectionDecisionRecord, kept: number): void {
    const { decisions } = this.status;
    decisions.push(record);
    if (decisions.filter((d) => d.accepted === record.accepted).length > kept)
      decisions.splice(
        decisions.findIndex((d) => d.accepted === record.accepted),
        1,
      );
  }

  recordError(error: { code: string; message: string }): void {
    this.status.lastError = lastError(error, this.stage, nowIso());
  }

  leave(note: string): void {
    this.status.leftBehind.push(note);
  }

  /** A decision's extra fields as shown in status: text as it is, choices and inputs as JSON (all bounded by the schema). */
  static detailsOf(payload: Record<string, unknown>): Record<string, string> | undefined {
    const entries = Object.entries(payload)
      .filter(([key, value]) => key !== 'by' && key !== 'comment' && value !== undefined)
      .map(([key, value]) => [key, typeof value === 'string' ? value : JSON.stringify(value)]);
    return entries.length > 0 ? Object.fromEntries(entries) : undefined;
  }
}
