import type { EmulatorContext } from '../context';
import { requireProperties, str, type ArmBody } from '../http/arm-body';
import { badRequest, conflict } from '../http/errors';
import type { Route } from '../http/route';
import { startJob } from '../model/jobs';
import { recoveryPointFor } from '../model/recovery-points';
import type { JobState, ProtectedItemState } from '../model/state';
import { failback } from './dr-actions';
import { itemAction, providerDetailsFor, refuseWhileRunning } from './item-action-support';

/**
 * The protected item actions (test failover, failovers, commit, remove; reprotect, failback and change of recovery
 * point are in dr-actions.ts). Each either starts an ASR job (answered 202 with its operation headers) or is refused
 * the way ASR refuses it: 400 bad input, 409 wrong state.
 */

function requireReplicating(item: ProtectedItemState, operation: string): void {
  if (item.phase === 'Enabling' || item.phase === 'EnableFailed') {
    throw conflict(
      'ProtectionNotEnabled',
      `Cannot start ${operation} on '${item.name}': replication is not enabled (state: ${item.phase}).`,
    );
  }
  if (item.phase === 'InitialReplication') {
    throw conflict(
      'InitialReplicationNotComplete',
      `Cannot start ${operation} on '${item.name}': initial replication has not completed yet.`,
    );
  }
  // A reprotected item replicates again (from its new primary) and can fail over again, as its allowedOperations say.
  if (item.phase !== 'Protected' && item.phase !== 'Reprotected') {
    throw conflict(
      'InvalidProtectionState',
      `Cannot start ${operation} on '${item.name}': the machine has already failed over (state: ${item.phase}).`,
    );
  }
}

function vmIdIn(resourceGroupId: string | undefined, vmName: string): string {
  return `${resourceGroupId ?? '/subscriptions/unknown/resourceGroups/unknown'}/providers/Microsoft.Compute/virtualMachines/${vmName}`;
}

export function testFailover(ctx: EmulatorContext, item: ProtectedItemState, body: ArmBody): JobState {
  const properties = requireProperties(body);
  const input = providerDetailsFor(item, properties);
  refuseWhileRunning(ctx, item);
  requireReplicating(item, 'a test failover');
  if (item.testFailover === 'WaitingForCompletion') {
    throw conflict(
      'TestFailoverAlreadyActive',
      `A test failover of '${item.name}' is already active. Clean it up before starting another one.`,
    );
  }
  const networkId = str(properties.networkId) ?? str(input.networkId) ?? item.target.testNetworkId;
  if (!networkId) throw badRequest('InvalidParameter', 'properties.networkId (the isolated test network) is required for a test failover.');
  const point = recoveryPointFor(ctx, item, str(input.recoveryPointId), ctx.clock.now());
  return startJob(ctx, item, 'TestFailover', {
    details: {
      TestNetworkId: networkId,
      TestVmId: vmIdIn(item.target.resourceGroupId, `${item.target.vmName}-test`),
      ...(point ? { RecoveryPointId: point } : {}),
    },
  });
}

export function testFailoverCleanup(ctx: EmulatorContext, item: ProtectedItemState, body: ArmBody): JobState {
  requireProperties(body);
  refuseWhileRunning(ctx, item);
  if (item.testFailover !== 'WaitingForCompletion') {
    throw conflict('NoTestFailoverToCleanUp', `There is no completed test failover of '${item.name}' to clean up.`);
  }
  return startJob(ctx, item, 'TestFailoverCleanup');
}

function failover(
  ctx: EmulatorContext,
  item: ProtectedItemState,
  body: ArmBody,
  scenario: 'PlannedFailover' | 'UnplannedFailover',
): JobState {
  const properties = requireProperties(body);
  const input = providerDetailsFor(item, properties);
  refuseWhileRunning(ctx, item);
  if (item.testFailover === 'WaitingForCompletion') {
    throw conflict(
      'TestFailoverInProgress',
      `Cannot fail over '${item.name}' while a test failover is active. Clean up the test failover first.`,
    );
  }
  requireReplicating(item, scenario === 'PlannedFailover' ? 'a planned failover' : 'a failover');
  const point = recoveryPointFor(ctx, item, str(input.recoveryPointId), ctx.clock.now());
  return startJob(ctx, item, scenario, {
    details: { RecoveryVmId: vmIdIn(item.target.resourceGroupId, item.target.vmName), ...(point ? { RecoveryPointId: point } : {}) },
  });
}

export function plannedFailover(ctx: EmulatorContext, item: ProtectedItemState, body: ArmBody): JobState {
  const properties = requireProperties(body);
  if (str(properties.failoverDirection) === 'RecoveryToPrimary') return failback(ctx, item, properties);
  if (item.provider !== 'HyperVReplicaAzure') {
    throw badRequest(
      'PlannedFailoverNotSupported',
      `Planned failover is not supported for ${item.provider} replication ('${item.name}'). Use unplanned failover.`,
    );
  }
  return failover(ctx, item, body, 'PlannedFailover');
}

export function unplannedFailover(ctx: EmulatorContext, item: ProtectedItemState, body: ArmBody): JobState {
  return failover(ctx, item, body, 'UnplannedFailover');
}

function requireFailedOver(item: ProtectedItemState, operation: string, phases: ProtectedItemState['phase'][], code: string): void {
  if (!phases.includes(item.phase)) {
    throw conflict(code, `Cannot ${operation} '${item.name}': it requires state ${phases.join(' or ')}, the item is ${item.phase}.`);
  }
}

export function failoverCommit(ctx: EmulatorContext, item: ProtectedItemState): JobState {
  refuseWhileRunning(ctx, item);
  requireFailedOver(item, 'commit the failover of', ['FailedOver', 'FailedBack'], 'FailoverCommitNotAllowed');
  return startJob(ctx, item, 'FailoverCommit');
}

export function failoverCancel(ctx: EmulatorContext, item: ProtectedItemState): JobState {
  refuseWhileRunning(ctx, item);
  requireFailedOver(item, 'cancel the failover of', ['FailedOver'], 'FailoverCancelNotAllowed');
  return startJob(ctx, item, 'CancelFailover');
}

export function disableProtection(ctx: EmulatorContext, item: ProtectedItemState, body: ArmBody): JobState {
  const properties = body.kind === 'empty' ? {} : requireProperties(body);
  const reason = str(properties.disableProtectionReason) ?? 'NotSpecified';
  if (reason !== 'NotSpecified' && reason !== 'MigrationComplete') {
    throw badRequest(
      'InvalidParameter',
      `properties.disableProtectionReason must be 'NotSpecified' or 'MigrationComplete', got '${reason}'.`,
    );
  }
  refuseWhileRunning(ctx, item);
  if (reason === 'MigrationComplete') {
    requireFailedOver(item, 'complete the migration of', ['FailedOver', 'FailoverCommitted'], 'MigrationNotFailedOver');
  }
  return startJob(ctx, item, 'DisableDr', { details: { DisableProtectionReason: reason } });
}

export const PROTECTED_ITEM_ACTION_ROUTES: Route[] = [
  itemAction('ReplicationProtectedItems_TestFailover', 'testFailover', testFailover),
  itemAction('ReplicationProtectedItems_TestFailoverCleanup', 'testFailoverCleanup', testFailoverCleanup),
  itemAction('ReplicationProtectedItems_PlannedFailover', 'plannedFailover', plannedFailover),
  itemAction('ReplicationProtectedItems_UnplannedFailover', 'unplannedFailover', unplannedFailover),
  itemAction('ReplicationProtectedItems_FailoverCommit', 'failoverCommit', failoverCommit),
  itemAction('ReplicationProtectedItems_FailoverCancel', 'failoverCancel', failoverCancel),
  itemAction('ReplicationProtectedItems_Delete', 'remove', disableProtection),
];
