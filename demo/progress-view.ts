import type { MigrationStatus } from '../common/migration-status';
import { FINAL_STAGES } from '../common/stages';
import type { WaveStatus } from '../common/wave-status';
import { formatDuration, textTable } from './text-table';

export interface ProgressOutput {
  write(text: string): unknown;
  isTTY?: boolean;
  columns?: number;
}

/**
 * Live progress of the machines and, given one, of their wave and its groups. On a terminal: the wave's stage
 * and a table redrawn in place, with log lines scrolling above it. Without one (CI, pipes): one line per change
 * (the wave's stage, a group's state, a machine's stage or sync progress by 25% steps), no cursor movement.
 */
export class ProgressView {
  private drawnLines = 0;
  private readonly lastReported = new Map<string, string>();
  private readonly startedAt = Date.now();

  constructor(private readonly out: ProgressOutput) {}

  /** A message that scrolls (operator commands, warnings). */
  log(message: string): void {
    this.erase();
    this.out.write(`${message}\n`);
  }

  update(statuses: readonly MigrationStatus[], wave?: WaveStatus): void {
    const groupOf = new Map(wave?.groups.flatMap((group) => group.machines.map((m) => [m.machineId, group.name] as const)));
    if (this.out.isTTY) {
      this.erase();
      // A wrapped line would throw off the cursor-up count of the next redraw.
      const width = Math.max(20, (this.out.columns ?? 200) - 1);
      const lines = [...(wave ? waveLines(wave) : []), ...liveTable(statuses, groupOf)].map((line) => line.slice(0, width));
      this.out.write(`${lines.join('\n')}\n`);
      this.drawnLines = lines.length;
      return;
    }
    const changes: Array<[string, string]> = [
      ...(wave ? [[`wave ${wave.name}`, waveSummary(wave)] as [string, string]] : []),
      ...(wave?.groups ?? []).map((group, index): [string, string] => [`group ${index + 1} ${group.name}`, group.state]),
      ...statuses.map((status): [string, string] => [status.machineId, changeSummary(status)]),
    ];
    for (const [subject, summary] of changes) {
      if (this.lastReported.get(subject) === summary) continue;
      this.lastReported.set(subject, summary);
      const elapsed = formatDuration(Date.now() - this.startedAt).padStart(6);
      this.out.write(`[${elapsed}] ${subject.padEnd(14)} ${summary}\n`);
    }
  }

  /** Leaves the last table on screen and stops redrawing over it. */
  finish(): void {
    this.drawnLines = 0;
  }

  private erase(): void {
    if (this.drawnLines > 0) this.out.write(`\x1b[${this.drawnLines}A\x1b[J`);
    this.drawnLines = 0;
  }
}

function changeSummary(status: MigrationStatus): string {
  if (status.stage !== 'InitialReplication') return status.stage;
  const step = Math.floor(status.replication.percent / 25) * 25;
  return `${status.stage} ${step}%${status.replication.stalled ? ' STALLED' : ''}`;
}

function waveSummary(wave: WaveStatus): string {
  return `${wave.stage}${wave.waitingFor ? ` (waiting for ${wave.waitingFor.what})` : ''}`;
}

function waveLines(wave: WaveStatus): string[] {
  const groups = wave.groups.map((group, index) => `${index + 1}. ${group.name} ${group.state}`).join(', ');
  return [`wave ${wave.name}: ${waveSummary(wave)}`, `groups: ${groups}`, ''];
}

function liveTable(statuses: readonly MigrationStatus[], groupOf: ReadonlyMap<string, string>): string[] {
  const now = Date.now();
  const grouped = groupOf.size > 0;
  return textTable(
    [...(grouped ? ['GROUP'] : []), 'MACHINE', 'SCENARIO', 'STAGE', 'SYNC', 'IN STAGE'],
    statuses.map((status) => {
      const entered = status.stages.at(-1)?.enteredAt;
      return [
        ...(grouped ? [groupOf.get(status.machineId) ?? '-'] : []),
        status.machineId,
        status.scenario ?? '-',
        status.stage,
        `${bar(status.replication.percent)} ${String(Math.round(status.replication.percent)).padStart(3)}%${status.replication.stalled ? ' STALLED' : ''}`,
        entered && !FINAL_STAGES.includes(status.stage) ? formatDuration(now - Date.parse(entered)) : '',
      ];
    }),
  );
}

function bar(percent: number, width = 20): string {
  const filled = Math.max(0, Math.min(width, Math.round((percent / 100) * width)));
  return `[${'#'.repeat(filled)}${'.'.repeat(width - filled)}]`;
}
