import type { temporal } from '@temporalio/proto';

type HistoryEvent = temporal.api.history.v1.IHistoryEvent;

/**
 * How long each accepted approval in a history waited for the operator: from the end of the workflow task
 * that began the wait (the last WorkflowTaskCompleted before the accepting task) to the accepting task's
 * WorkflowTaskScheduled (when the update reached the server). The same measure for the floor and siteshift,
 * read from their histories, so the operators' delays can be compared.
 */
export function approvalWaitsMs(events: HistoryEvent[]): number[] {
  const waits: number[] = [];
  events.forEach((event, i) => {
    if (!event.workflowExecutionUpdateAcceptedEventAttributes) return;
    const scheduled = lastIndexBefore(events, i, (e) => Boolean(e.workflowTaskScheduledEventAttributes));
    const waitBegan = lastIndexBefore(events, scheduled, (e) => Boolean(e.workflowTaskCompletedEventAttributes));
    if (scheduled < 0 || waitBegan < 0) return;
    waits.push(ms(events[scheduled].eventTime) - ms(events[waitBegan].eventTime));
  });
  return waits;
}

/** An event time in ms (its seconds a Long from the server, a number in tests). */
function ms(time: temporal.api.history.v1.IHistoryEvent['eventTime']): number {
  return Number(String(time?.seconds ?? 0)) * 1000 + (time?.nanos ?? 0) / 1e6;
}

function lastIndexBefore(events: HistoryEvent[], before: number, match: (e: HistoryEvent) => boolean): number {
  for (let i = before - 1; i >= 0; i--) if (match(events[i])) return i;
  return -1;
}
