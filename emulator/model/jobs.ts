import { randomUUID } from 'node:crypto';
import { jobId, vaultId, type VaultScope } from '../http/resource-ids';
import type { FaultInjector } from './faults';
import type { Clock } from './simulation';
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
};

const FRIENDLY_NAMES: Record<JobScenario, string> = {
  EnableDr: 'Enable replication',
  TestFailover: 'Test failover',
  TestFailoverCleanup: 'Test failover cleanup',
  PlannedFailover: 'Planned failover',
  UnplannedFailover: 'Failover',
  FailoverCommit: 'Commit',
  CancelFailover: 'Cancel failover',
  ReverseReplicate: 'Reprotect',
  DisableDr: 'Disable replication',
};

export function startJob(
  state: EmulatorState,
  clock: Clock,
  faults: FaultInjector,
  item: ProtectedItemState,
  scenario: JobScenario,
  options: { error?: JobError; details?: Record<string, string> } = {},
): JobState {
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
  state.jobs[job.name] = job;
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

function jobEndTime(job: JobState, status: JobStatus): number | undefined {
  if (status === 'InProgress' || status === 'Suspended') return undefined;
  return job.cleanedUpAt ?? job.endsAt;
}

const STATE_DESCRIPTIONS: Record<JobStatus, string> = {
  InProgress: 'In progress',
  Suspended: 'Waiting for user input',
  Succeeded: 'Completed',
  Failed: 'Failed',
};

function iso(ms: number): string {
  return new Date(ms).toISOString();
}

export function renderJob(scope: VaultScope, job: JobState, now: number) {
  const status = jobStatus(job, now);
  const done = status === 'Succeeded' || status === 'Failed';
  const endTime = jobEndTime(job, status);
  const errors =
    done && job.error
      ? [
          {
            serviceErrorDetails: {
              code: job.error.code,
              message: job.error.message,
              possibleCauses: job.error.possibleCauses,
              recommendedAction: job.error.recommendedAction,
              activityId: job.name,
            },
            errorLevel: 'Error',
            creationTime: iso(job.endsAt),
            taskId: `${job.name}-task`,
          },
        ]
      : [];
  return {
    id: jobId(scope, job.name),
    name: job.name,
    type: 'Microsoft.RecoveryServices/vaults/replicationJobs',
    properties: {
      activityId: job.name,
      scenarioName: job.scenario,
      friendlyName: FRIENDLY_NAMES[job.scenario],
      state: status,
      stateDescription: STATE_DESCRIPTIONS[status],
      tasks: [
        {
          taskId: `${job.name}-task`,
          name: `${job.scenario}Task`,
          startTime: iso(job.startedAt),
          endTime: endTime === undefined ? undefined : iso(endTime),
          allowedActions: [],
          friendlyName: FRIENDLY_NAMES[job.scenario],
          state: status,
          stateDescription: status,
          taskType: 'TaskDetails',
          customDetails: { instanceType: 'JobTaskDetails' },
          errors,
        },
      ],
      errors,
      startTime: iso(job.startedAt),
      endTime: endTime === undefined ? undefined : iso(endTime),
      allowedActions: done ? [] : ['Cancel'],
      targetObjectId: job.itemName,
      targetObjectName: job.itemFriendlyName,
      targetInstanceType: 'ProtectionEntity',
      customDetails: { instanceType: 'AsrJobDetails', affectedObjectDetails: { ProtectedItemName: job.itemName, ...job.details } },
    },
  };
}

/** Body of GET {vault}/replicationOperationStatus/{jobName}: the ARM async-operation shape core-lro reads. */
export function renderOperationStatus(scope: VaultScope, job: JobState, now: number) {
  const status = operationStatus(job, now);
  return {
    id: `${vaultId(scope)}/replicationOperationStatus/${job.name}`,
    name: job.name,
    status,
    startTime: iso(job.startedAt),
    endTime: status === 'InProgress' ? undefined : iso(job.endsAt),
    error: status === 'Failed' && job.error ? { code: job.error.code, message: job.error.message } : undefined,
    properties: { jobId: jobId(scope, job.name) },
  };
}

/** The headers of a 202 that started a job: where to poll the operation and where its result will be. */
export function operationHeaders(baseUrl: string, scope: VaultScope, job: JobState, apiVersion: string, retryAfterSeconds: number) {
  const vault = `${baseUrl}${vaultId(scope)}`;
  const headers: Record<string, string> = {
    'Azure-AsyncOperation': `${vault}/replicationOperationStatus/${job.name}?api-version=${apiVersion}`,
    Location: `${vault}/replicationOperationResults/${job.name}?api-version=${apiVersion}`,
    'x-ms-request-id': jobId(scope, job.name),
  };
  if (retryAfterSeconds > 0) headers['Retry-After'] = String(retryAfterSeconds);
  return headers;
}
