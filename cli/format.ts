import type { BatchItemResult, MigrationSummary } from '../client';
import type { DecisionRecord, MigrationStatus } from '../common/migration-status';
import { STAGES } from '../common/stages';
import { escapeControl, renderLines } from './terminal-text';

const STAGE_COLUMN = Math.max(...STAGES.map((stage) => stage.length)) + 2;

export function progressBar(percent: number, width = 30): string {
  const clamped = Math.max(0, Math.min(100, Number.isFinite(percent) ? percent : 0));
  const filled = Math.round((clamped / 100) * width);
  return `[${'#'.repeat(filled)}${'-'.repeat(width - filled)}] ${clamped.toFixed(0).padStart(3)}%`;
}

export function formatDuration(ms: number): string {
  if (ms < 1000) return `${Math.max(0, Math.round(ms))}ms`;
  const seconds = Math.round(ms / 1000);
  if (seconds < 60) return `${seconds}s`;
  const minutes = Math.floor(seconds / 60);
  if (minutes < 60) return `${minutes}m${String(seconds % 60).padStart(2, '0')}s`;
  const hours = Math.floor(minutes / 60);
  if (hours < 48) return `${hours}h${String(minutes % 60).padStart(2, '0')}m`;
  return `${Math.floor(hours / 24)}d${String(hours % 24).padStart(2, '0')}h`;
}

function formatDecision(decision: DecisionRecord): string {
  const details = Object.entries(decision.details ?? {}).map(([key, value]) => `${key}=${value}`);
  const verdict = decision.accepted ? 'accepted' : `REJECTED (${decision.rejectionReason ?? 'no reason given'})`;
  return [
    `${decision.at}  ${decision.name} by ${decision.by ?? '(unknown)'} via ${decision.via} in ${decision.stage}: ${verdict}`,
    ...details,
    decision.comment ? `"${decision.comment}"` : '',
  ]
    .filter(Boolean)
    .join('  ');
}

/** The human view of `status`: one labelled block per aspect, every field escaped on its line. */
export function formatStatus(status: MigrationStatus, now: Date = new Date()): string {
  return renderLines(statusLines(status, now));
}

function statusLines(status: MigrationStatus, now: Date): string[] {
  const label = (name: string) => name.padEnd(13);
  const indent = ' '.repeat(13);
  const lines: string[] = [];
  lines.push(`${label('Machine')}${status.machineId}${status.displayName === undefined ? '' : ` (${status.displayName})`}`);
  lines.push(`${label('Scenario')}${status.scenario ?? '-'}${status.wave ? `   wave ${status.wave}` : ''}`);
  lines.push(`${label('Stage')}${status.stage}`);
  const replication = status.replication;
  const health = [replication.protectionState, replication.replicationHealth].filter(Boolean).join(', ');
  lines.push(
    `${label('Replication')}${progressBar(replication.percent)}${health ? `  ${health}` : ''}${replication.stalled ? `  STALLED since ${replication.lastChangeAt ?? '?'}` : ''}`,
  );
  if (status.testFailoverCount > 0) lines.push(`${label('Test runs')}${status.testFailoverCount}`);
  if (status.failover) {
    const f = status.failover;
    lines.push(
      `${label('Failover')}${f.type}${f.recoveryPoint ? `, recovery point ${f.recoveryPoint}` : ''}${f.notBefore ? `, not before ${f.notBefore}` : ''}`,
    );
  }
  status.stages.forEach((entry, index) => {
    const next = status.stages[index + 1];
    const end = next ? new Date(next.enteredAt) : now;
    const took = formatDuration(end.getTime() - new Date(entry.enteredAt).getTime());
    const running = next ? '' : ' (current)';
    lines.push(`${index === 0 ? label('Stages') : indent}${entry.stage.padEnd(STAGE_COLUMN)}${entry.enteredAt}  ${took}${running}`);
  });
  if (status.decisions.length === 0) lines.push(`${label('Decisions')}none yet`);
  status.decisions.forEach((decision, index) => lines.push(`${index === 0 ? label('Decisions') : indent}${formatDecision(decision)}`));
  const resources = Object.entries(status.resources).filter(([, id]) => id);
  if (resources.length === 0) lines.push(`${label('Resources')}none yet`);
  resources.forEach(([kind, id], index) => lines.push(`${index === 0 ? label('Resources') : indent}${kind}: ${id}`));
  if (status.abortReason) lines.push(`${label('Abort reason')}${status.abortReason}`);
  if (status.lastError) {
    const e = status.lastError;
    lines.push(`${label('Last error')}${e.code}: ${e.message} (in ${e.stage} at ${e.at})`);
  }
  status.requestErrors?.forEach((error, index) =>
    lines.push(`${index === 0 ? label('Request') : indent}${error.path || '(request)'}: ${error.message}`),
  );
  status.leftBehind.forEach((item, index) => lines.push(`${index === 0 ? label('Left behind') : indent}${item}`));
  return lines;
}

export function formatList(migrations: MigrationSummary[]): string {
  if (migrations.length === 0) return renderLines(['No migrations match.']);
  // Cells are escaped before measuring, so a control character cannot shift the columns after it.
  const rows = migrations.map((m) =>
    [m.machineId, m.stage ?? '?', m.scenario ?? '?', m.wave ?? '-', m.executionStatus, m.startTime.toISOString()].map(escapeControl),
  );
  const header = ['MACHINE', 'STAGE', 'SCENARIO', 'WAVE', 'EXECUTION', 'STARTED'];
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((row) => row[i].length)));
  const render = (row: string[]) =>
    row
      .map((cell, i) => cell.padEnd(widths[i]))
      .join('  ')
      .trimEnd();
  return renderLines([render(header), ...rows.map(render)]);
}

export function formatStartResults(results: BatchItemResult[]): string {
  return renderLines(
    results.map((r) => {
      if (r.outcome === 'started') return `started         ${r.machineId}  (workflow ${r.workflowId})`;
      if (r.outcome === 'alreadyRunning') return `already running ${r.machineId}  (workflow ${r.workflowId}; nothing new started)`;
      return `NOT STARTED     ${r.machineId}: ${r.error}`;
    }),
  );
}
