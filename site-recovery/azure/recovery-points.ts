import type { SiteRecoveryManagementClient } from '@azure/arm-recoveryservices-siterecovery';
import type { RecoveryPoint } from '../../common/migration-request';
import { SiteRecoveryError, type ReplicatedItemRef } from '../site-recovery';
import { mappingErrors } from './errors';

/**
 * The recovery point id to fail over to. Undefined means ASR's default, the latest processed point:
 * the provider inputs take a point id only, so "Latest" and "LatestProcessed" both leave it to ASR.
 */
export async function recoveryPointIdFor(
  client: SiteRecoveryManagementClient,
  item: ReplicatedItemRef,
  recoveryPoint: RecoveryPoint,
): Promise<string | undefined> {
  if (recoveryPoint !== 'LatestApplicationConsistent') return undefined;
  const points = await mappingErrors(async () => {
    const all = [];
    for await (const point of client.recoveryPoints.listByReplicationProtectedItems(
      item.vault.name,
      item.vault.resourceGroup,
      item.fabricName,
      item.protectionContainerName,
      item.replicatedItemName,
    ))
      all.push(point);
    return all;
  });
  const appConsistent = points
    .filter((point) => /app/i.test(point.properties?.recoveryPointType ?? ''))
    .sort((a, b) => (b.properties?.recoveryPointTime?.getTime() ?? 0) - (a.properties?.recoveryPointTime?.getTime() ?? 0));
  const latest = appConsistent[0];
  if (!latest?.id) {
    throw new SiteRecoveryError(
      'NoApplicationConsistentRecoveryPoint',
      `Protected item ${item.replicatedItemName} has no application-consistent recovery point yet; fail over to "Latest" or wait for one`,
      { retryable: false },
    );
  }
  return latest.id;
}
