import type { Job, SiteRecoveryManagementClient } from '@azure/arm-recoveryservices-siterecovery';
import type { VaultRef } from '../../common/migration-request';
import { SiteRecoveryError } from '../site-recovery';
import { lastSegment } from './arm-ids';
import { isNotFound, mappingErrors } from './errors';
import type { OperationLocations } from './long-running';
import { sleep } from './sleep';

const SUCCEEDED_STATES = new Set(['succeeded', 'completedwithinformation', 'completed']);
const FAILED_STATES = new Set(['failed', 'cancelled', 'canceled', 'suspended', 'partiallysucceeded']);

export interface JobWaitContext {
  pollIntervalMs: number;
  onProgress?: () => void;
  abortSignal?: AbortSignal;
}

/**
 * The ASR job behind an operation. ASR names the operation after its job:
 * Azure-AsyncOperation .../replicationOperationStatus/{job}, Location .../replicationOperationResults/{job}
 * (some answers point at .../replicationJobs/{job} directly).
 */
export function jobNameFromLocations(locations: OperationLocations): string | undefined {
  for (const url of [locations.operationLocation, locations.resourceLocation]) {
    const match = url?.match(/\/(?:replicationJobs|replicationOperationStatus|replicationOperationResults)\/([^/?#]+)/i);
    if (match) return decodeURIComponent(match[1]);
  }
  return undefined;
}

/** The job a protected item reports as running (currentScenario), if any. */
export function runningJobName(currentScenario: { scenarioName?: string; jobId?: string } | undefined): string | undefined {
  if (!currentScenario?.jobId || !currentScenario.scenarioName || currentScenario.scenarioName === 'None') return undefined;
  const name = lastSegment(currentScenario.jobId);
  return name && name !== 'None' ? name : undefined;
}

/**
 * A test failover job that did its work waits, Suspended, until the test failover is cleaned up (in ASR it
 * completes with the cleanup): for the test failover that is success, and nothing to wait for.
 */
export function waitingForCleanup(job: Job): boolean {
  return job.properties?.state?.toLowerCase() === 'suspended' && isTestFailoverScenario(job.properties?.scenarioName);
}

export function isTestFailoverScenario(scenarioName: string | undefined): boolean {
  return /^testfailover$/i.test((scenarioName ?? '').replace(/[^a-z]/gi, ''));
}

export function jobSucceeded(job: Job): boolean {
  return SUCCEEDED_STATES.has(job.properties?.state?.toLowerCase() ?? '') || waitingForCleanup(job);
}

function jobEnded(job: Job): boolean {
  const state = job.properties?.state?.toLowerCase() ?? '';
  return SUCCEEDED_STATES.has(state) || FAILED_STATES.has(state);
}

/** Polls the job until it ends. Undefined when the vault has no such job. */
export async function followJob(
  client: SiteRecoveryManagementClient,
  vault: VaultRef,
  jobName: string,
  wait: JobWaitContext,
): Promise<Job | undefined> {
  for (;;) {
    let job: Job;
    try {
      job = await mappingErrors(() =>
        client.replicationJobs.get(vault.name, vault.resourceGroup, jobName, { abortSignal: wait.abortSignal }),
      );
    } catch (error) {
      if (isNotFound(error)) return undefined;
      throw error;
    }
    if (jobEnded(job)) return job;
    wait.onProgress?.();
    await sleep(wait.pollIntervalMs, wait.abortSignal);
  }
}

/** The error of an ended, unsuccessful job: its first error's code and message, as ASR reported them. */
export function jobFailure(job: Job): SiteRecoveryError {
  const properties = job.properties ?? {};
  const errors = [...(properties.errors ?? []), ...(properties.tasks ?? []).flatMap((task) => task.errors ?? [])];
  const service = errors.find((e) => e.serviceErrorDetails?.code || e.serviceErrorDetails?.message)?.serviceErrorDetails;
  const provider = errors.find((e) => e.providerErrorDetails?.errorMessage)?.providerErrorDetails;
  const state = properties.state ?? 'Unknown';
  const what = `ASR job ${job.name ?? ''} (${properties.friendlyName ?? properties.scenarioName ?? 'job'}) ended ${state}`;
  const code = service?.code ?? (provider?.errorCode !== undefined ? `ProviderError${provider.errorCode}` : `Job${state}`);
  const detail = service?.message ?? provider?.errorMessage;
  const action = service?.recommendedAction ?? provider?.recommendedAction;
  // ASR's texts end with a period of their own: joined as they are, the status would read "machine.. Recommended".
  const sentence = (text: string) => text.trim().replace(/\.+$/, '');
  const message = [detail ? `${what}: ${sentence(detail)}` : what, action ? `Recommended action: ${action}` : undefined]
    .filter(Boolean)
    .join('. ');
  return new SiteRecoveryError(code, message, { retryable: false, jobId: job.id ?? job.name });
}
