import type { WorkflowHandle } from '@temporalio/client';
import { defaultPayloadConverter } from '@temporalio/common';

type Payload = Parameters<typeof defaultPayloadConverter.fromPayload>[0];

/** The resume token a pending activity last reported in its heartbeat, as the Temporal server holds it. */
export async function heartbeatedToken(handle: WorkflowHandle, activityType: string): Promise<string | undefined> {
  const { raw } = await handle.describe();
  const activity = raw.pendingActivities?.find((a) => a.activityType?.name === activityType);
  const payload = activity?.heartbeatDetails?.payloads?.[0];
  if (!payload) return undefined;
  return (defaultPayloadConverter.fromPayload(payload as Payload) as { resumeToken?: string }).resumeToken;
}

/**
 * The started event of the attempt that ended the (first scheduled) activity of this type, from the workflow's
 * history: Temporal writes it when that attempt ends, so it is undefined while the activity runs or retries.
 */
export async function lastAttemptOf(handle: WorkflowHandle, activityType: string) {
  const events = (await handle.fetchHistory()).events ?? [];
  const scheduled = events.find((e) => e.activityTaskScheduledEventAttributes?.activityType?.name === activityType);
  if (!scheduled) return undefined;
  const started = events.find((e) => String(e.activityTaskStartedEventAttributes?.scheduledEventId) === String(scheduled.eventId));
  return started?.activityTaskStartedEventAttributes ?? undefined;
}

/** The attempt of the (first scheduled) activity of this type that finally ran to its end. */
export async function completedAttemptOf(handle: WorkflowHandle, activityType: string): Promise<number | undefined> {
  return (await lastAttemptOf(handle, activityType))?.attempt ?? undefined;
}

/** What a workflow's history shows it did: the activity types it scheduled and how many workflow tasks failed. */
export async function historySummary(handle: WorkflowHandle): Promise<{ activities: string[]; failedWorkflowTasks: number }> {
  const events = (await handle.fetchHistory()).events ?? [];
  return {
    activities: events.flatMap((e) => e.activityTaskScheduledEventAttributes?.activityType?.name ?? []),
    failedWorkflowTasks: events.filter((e) => e.workflowTaskFailedEventAttributes).length,
  };
}
