import { jobId, vaultId, type VaultScope } from '../http/resource-ids';
import { jobStatus, operationStatus, type JobStatus } from '../model/jobs';
import type { JobScenario, JobState } from '../model/state';
import { iso } from './time';

/** How an ASR job and the long-running operation of a job look on the wire. */

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
  ChangePit: 'Change recovery point',
};

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
