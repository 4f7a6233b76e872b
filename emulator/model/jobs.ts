import { randomUUID } from 'node:crypto';
import { notFound } from '../http/errors';
import type { EmulatorContext } from '../context';
import type { EmulatorState, JobError, JobScenario, JobState, ProtectedItemState } from './state';
import { itemKey } from './state';

/**
 * ASR replication jobs. Every long-running operation is one job; the operation id IS the job name, as in ASR
 * (its Location header is .../replicationOperationResults/{jobName}). A job's outcome is fixed when it starts
 * (faults decide it) and becomes visible when the clock passes its end.
 */

/** Virtual seconds each job takes, roughly what ASR takes. */
export const JOB_DURATION_SECONDS: Record<JobScenario, number> = {
  EnableDr: 120,
  TestFailover: 300,
  TestFailoverCleanup: 120,
  PlannedFailover: 600,
  UnplannedFailover: 300,
  FailoverCommit: 60,
  CancelFailover: 120,
  ReverseReplicate: 300,
  DisableDr: 60,
  ChangePit: 120,
};

export function startJob(
  ctx: EmulatorContext,
  item: ProtectedItemState,
  scenario: JobScenario,
  options: { error?: JobError; details?: Record<string, string> } = {},
): JobState {
  const { clock, faults } = ctx;
  const now = clock.now();
  const error = options.error ?? faults.takeJobFailure(item, scenario);
  const job: JobState = {
    name: randomUUID(),
    scenario,
    itemKey: itemKey(item.fabric, item.container, item.name),
    itemName: item.name,
    itemFriendlyName: item.friendlyName,
    startedAt: now,
    endsAt: now + clock.msFor(JOB_DURATION_SECONDS[scenario] * faults.slowFactor(item, scenario)),
    outcome: error ? 'Failed' : 'Succeeded',
    error,
    settled: false,
    removesItem: scenario === 'DisableDr',
    waitsForCleanup: scenario === 'TestFailover' || undefined,
    details: options.details ?? {},
  };
  ctx.state.jobs[job.name] = job;
  ctx.index.jobStarted(job);
  item.runningJob = job.name;
  return job;
}

export type JobStatus = 'InProgress' | 'Suspended' | 'Succeeded' | 'Failed';

/** A succeeded test failover job stays Suspended ("waiting for user input") until its cleanup, as in ASR. */
export function jobStatus(job: JobState, now: number): JobStatus {
  if (now < job.endsAt) return 'InProgress';
  if (job.outcome === 'Succeeded' && job.waitsForCleanup && job.cleanedUpAt === undefined) return 'Suspended';
  return job.outcome;
}

/** The long-running operation of a job ends when the job's own work does: a suspended test failover succeeded. */
export function operationStatus(job: JobState, now: number): 'InProgress' | 'Succeeded' | 'Failed' {
  const status = jobStatus(job, now);
  return status === 'Suspended' ? 'Succeeded' : status;
}

/** The job running on the item, if any (a settled job no longer decides its states). */
export function runningJobOf(state: EmulatorState, item: ProtectedItemState): JobState | undefined {
  const job = item.runningJob ? state.jobs[item.runningJob] : undefined;
  return job && !job.settled ? job : undefined;
}

/** The job a request names: by its exact name (the Location header's), else in any case through the index, never a scan. */
export function findJob(ctx: EmulatorContext, name: string): JobState {
  const found = (Object.hasOwn(ctx.state.jobs, name) ? ctx.state.jobs[name] : undefined) ?? ctx.index.job(name);
  if (!found) throw notFound(`The replication job '${name}' was not found in vault '${ctx.scope.vault}'.`);
  return found;
}
