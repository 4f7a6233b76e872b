import type { JobState } from '../model/state';
import { jobId, vaultId, type VaultScope } from './resource-ids';

/**
 * ARM long-running operations as ASR answers them: a 202 whose Azure-AsyncOperation and Location point at the
 * operation status and result of the job that started (the operation id IS the job name).
 */
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
