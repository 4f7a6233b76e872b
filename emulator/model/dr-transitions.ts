import { restartReplication } from './replication-health';
import type { JobState, ProtectedItemState } from './state';

/**
 * What a finished failback or reprotect job does to its item (settle.ts applies the other outcomes). The handlers
 * (handlers/dr-actions.ts) validated the input and put what the outcome needs in the job's details.
 */

/** A planned failover RecoveryToPrimary ended: the machine runs on the primary site again, commit pending. */
export function failedBack(item: ProtectedItemState, job: JobState): void {
  item.phase = 'FailedBack';
  item.failoverKind = 'Planned';
  const failback = Object.fromEntries(Object.entries(job.details).filter(([key]) => key.startsWith('Failback')));
  item.dr = { ...item.dr, lastFailbackAt: job.endsAt, failback };
}

/**
 * A reprotect ended. InMageRcm failed over and committed: it now replicates Azure -> on-premises to the agent and
 * datastore asked for. Failed back and committed (or A2A): it replicates to Azure (A2A: to its new recovery region) again.
 */
export function reprotected(item: ProtectedItemState, job: JobState): void {
  const d = job.details;
  if (item.phase === 'FailoverCommitted' && item.provider === 'InMageRcm') {
    item.phase = 'ReverseProtected';
    item.dr = {
      ...item.dr,
      reverse: {
        reprotectAgentId: d.ReprotectAgentId,
        datastoreName: d.DatastoreName,
        logStorageAccountId: d.LogStorageAccountId,
        ...(d.PolicyId ? { policyId: d.PolicyId } : {}),
      },
    };
  } else {
    item.phase = 'Reprotected';
    item.failoverKind = undefined;
    item.dr = { ...item.dr, reverse: undefined, failback: undefined };
    if (d.ProcessServerId) item.enableInput = { ...item.enableInput, processServerId: d.ProcessServerId };
    if (d.RunAsAccountId) item.enableInput = { ...item.enableInput, runAsAccountId: d.RunAsAccountId };
    if (d.PolicyName) item.policy = d.PolicyName;
  }
  restartReplication(item, job.endsAt);
}
