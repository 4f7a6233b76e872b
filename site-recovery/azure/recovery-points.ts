import type { RecoveryPoint, SiteRecoveryManagementClient } from '@azure/arm-recoveryservices-siterecovery';
import type { RecoveryPointChoice, RecoveryPointInfo } from '../disaster-recovery';
import { SiteRecoveryError, type ReplicatedItemRef } from '../site-recovery';
import { mappingErrors } from './errors';

/**
 * The recovery point id to fail over to. Undefined means ASR's default, the latest processed point:
 * the provider inputs take a point id only, so "Latest" and "LatestProcessed" both leave it to ASR.
 */
export async function recoveryPointIdFor(
  client: SiteRecoveryManagementClient,
  item: ReplicatedItemRef,
  recoveryPoint: RecoveryPointChoice,
): Promise<string | undefined> {
  if (typeof recoveryPoint === 'object') return recoveryPoint.recoveryPointId;
  if (recoveryPoint !== 'LatestApplicationConsistent') return undefined;
  const latest = (await listRecoveryPoints(client, item)).find((point) => /app/i.test(point.type));
  if (!latest) {
    throw new SiteRecoveryError(
      'NoApplicationConsistentRecoveryPoint',
      `Protected item ${item.replicatedItemName} has no application-consistent recovery point yet; fail over to "Latest" or wait for one`,
      { retryable: false },
    );
  }
  return latest.id;
}

/** Every recovery point of the item (every page), newest first. */
export async function listRecoveryPoints(client: SiteRecoveryManagementClient, item: ReplicatedItemRef): Promise<RecoveryPointInfo[]> {
  const points = await mappingErrors(async () => {
    const all: RecoveryPoint[] = [];
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
  return points
    .filter((point) => point.id && point.properties?.recoveryPointTime)
    .map((point) => ({
      id: point.id!,
      name: point.name ?? point.id!,
      time: point.properties!.recoveryPointTime!.toISOString(),
      type: point.properties?.recoveryPointType ?? 'Unknown',
    }))
    .sort((a, b) => b.time.localeCompare(a.time));
}
