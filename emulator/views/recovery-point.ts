import type { EmulatorContext } from '../context';
import { protectedItemId, TYPES } from '../http/resource-ids';
import type { RecoveryPoint } from '../model/recovery-points';
import type { ProtectedItemState } from '../model/state';

/** How a recovery point looks on the wire (RecoveryPoints_Get / _ListByReplicationProtectedItems). */
export function renderRecoveryPoint(ctx: EmulatorContext, item: ProtectedItemState, point: RecoveryPoint) {
  const details =
    item.provider === 'A2A'
      ? { instanceType: 'A2A', recoveryPointSyncType: 'PerVmRecoveryPoint' }
      : item.provider === 'InMageRcm'
        ? { instanceType: 'InMageRcm', isMultiVmSyncPoint: 'False' }
        : undefined;
  return {
    id: `${protectedItemId(ctx.scope, item.fabric, item.container, item.name)}/recoveryPoints/${point.name}`,
    name: point.name,
    type: `${TYPES.protectedItem}/recoveryPoints`,
    properties: {
      recoveryPointTime: new Date(point.time).toISOString(),
      recoveryPointType: point.type,
      ...(details ? { providerSpecificDetails: details } : {}),
    },
  };
}
