import type { ReplicatedItemRef, ReplicationSnapshot, SiteRecovery } from '../site-recovery/site-recovery';
import { translatingErrors } from './to-application-failure';

/** Reads whether the protected item exists, so a failed migration says only what is really left in ASR. */
export function findReplicationActivity(siteRecovery: SiteRecovery) {
  return async function findReplication(item: ReplicatedItemRef): Promise<ReplicationSnapshot | null> {
    return (await translatingErrors(() => siteRecovery.findReplication(item))) ?? null;
  };
}
