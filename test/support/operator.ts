import type { MigrationClient } from '../../client';
import type { MigrationRequest } from '../../common/migration-request';
import type { MigrationStatus } from '../../common/migration-status';
import type { Stage } from '../../common/stages';
import { waitUntil } from './polling';

/** Plays the operator for each migration: approves the test failover and the failover as soon as each is asked for. */
export function approveAllToTheEnd(
  migrations: MigrationClient,
  requests: MigrationRequest[],
  timeoutMs?: number,
): Promise<MigrationStatus[]> {
  const reach = (machineId: string, stage: Stage) =>
    waitUntil(
      `${machineId} to reach ${stage}`,
      () => migrations.status(machineId),
      (s) => s.stage === stage || s.stage === 'Failed',
      timeoutMs,
    );
  return Promise.all(
    requests.map(async ({ machineId }) => {
      expect((await reach(machineId, 'AwaitingTestApproval')).stage).toBe('AwaitingTestApproval');
      await migrations.approveTestFailover(machineId, { by: 'alice' });
      expect((await reach(machineId, 'AwaitingFailoverApproval')).stage).toBe('AwaitingFailoverApproval');
      await migrations.approveFailover(machineId, { by: 'bob' });
      return migrations.waitForResult(machineId);
    }),
  );
}

/** The request, failing over to the latest application-consistent recovery point. */
export function appConsistent(request: MigrationRequest): MigrationRequest {
  return { ...request, failover: { ...request.failover, recoveryPoint: 'LatestApplicationConsistent' } };
}
