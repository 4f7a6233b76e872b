import type { DecisionRecord, MigrationStatus } from '../common/migration-status';

/** One server-sent event: its name and JSON data. */
export interface StatusEvent {
  event: 'stage' | 'progress' | 'decision' | 'end' | 'unavailable';
  data: unknown;
}

function decisionKey(decision: DecisionRecord): string {
  return JSON.stringify([decision.at, decision.name, decision.via, decision.by, decision.accepted]);
}

/**
 * What changed between two statuses of one migration, as events: each stage entered (in order), replication
 * progress, each decision recorded (accepted or refused), and `end` once it reaches a final stage.
 */
export function statusEvents(previous: MigrationStatus | undefined, next: MigrationStatus, finalStages: readonly string[]): StatusEvent[] {
  const events: StatusEvent[] = [];
  const seenStages = previous?.stages.length ?? 0;
  for (const entry of next.stages.slice(seenStages)) events.push({ event: 'stage', data: { machineId: next.machineId, ...entry } });
  const { percent, stalled, replicationHealth } = next.replication;
  if (previous === undefined || percent !== previous.replication.percent || stalled !== previous.replication.stalled) {
    events.push({ event: 'progress', data: { machineId: next.machineId, percent, stalled, replicationHealth } });
  }
  const known = new Set((previous?.decisions ?? []).map(decisionKey));
  for (const decision of next.decisions) {
    if (!known.has(decisionKey(decision))) events.push({ event: 'decision', data: { machineId: next.machineId, ...decision } });
  }
  if (finalStages.includes(next.stage) && (previous === undefined || !finalStages.includes(previous.stage))) {
    events.push({ event: 'end', data: { machineId: next.machineId, stage: next.stage, lastError: next.lastError } });
  }
  return events;
}

/** An event in the text/event-stream format (data as one line of JSON). */
export function serverSentEvent({ event, data }: StatusEvent, id: number): string {
  return `id: ${id}\nevent: ${event}\ndata: ${JSON.stringify(data)}\n\n`;
}
