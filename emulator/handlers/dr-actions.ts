import type { EmulatorContext } from '../context';
import { providerInput, requireProperties, str, type ArmBody } from '../http/arm-body';
import { badRequest, conflict, type ArmError } from '../http/errors';
import { lastSegment, sameName } from '../http/resource-ids';
import { startJob } from '../model/jobs';
import { recoveryPointFor } from '../model/recovery-points';
import type { JobState, ProtectedItemState } from '../model/state';
import type { Route } from '../http/route';
import { allowedOperations, statusOf } from '../views/item-status';
import { itemAction, providerDetailsFor, refuseWhileRunning } from './item-action-support';

/**
 * The disaster recovery actions past a failover, as ASR runs them for HyperVReplicaAzure and InMageRcm:
 * change of recovery point, failback (a planned failover RecoveryToPrimary) and reprotect (reverse replication).
 *
 * Hyper-V:  failover -> commit -> failback -> commit -> reprotect (to Azure again).
 * InMageRcm: failover -> commit -> reprotect (Azure -> on-premises, a VMware VM: physical servers fail back to one)
 *            -> failback -> commit -> reprotect (to Azure again).
 * A2A reprotects after the committed failover (to its new recovery region).
 */

const FAILBACK_INSTANCE_TYPE = { HyperVReplicaAzure: 'HyperVReplicaAzureFailback', InMageRcm: 'InMageRcmFailback' } as const;
const DATA_SYNC_OPTIONS = ['ForDownTime', 'ForSynchronization'];
const VM_CREATION_OPTIONS = ['CreateVmIfNotFound', 'NoAction'];
const RECOVERY_POINT_TYPES = ['ApplicationConsistent', 'CrashConsistent'];

/** ASR's refusal of an operation the item's state does not allow, naming what it allows. */
function notAllowed(item: ProtectedItemState, operation: string, code: string, hint: string): ArmError {
  const allowed = allowedOperations(item);
  const state = statusOf(item, undefined).protectionStateDescription;
  return conflict(
    code,
    `The operation '${operation}' is not allowed for replication protected item '${item.name}' in its current state (${state}); allowed operations: ${allowed.join(', ') || 'none'}. ${hint}`,
  );
}

function oneOf(value: string | undefined, allowed: string[], field: string): void {
  if (value !== undefined && !allowed.includes(value)) {
    throw badRequest('InvalidParameter', `${field} must be one of ${allowed.join(', ')}, got '${value}'.`);
  }
}

function required(value: string | undefined, field: string, what: string): string {
  if (!value) throw badRequest('InvalidParameter', `${field} is required: ${what}.`);
  return value;
}

function requireInstanceType(item: ProtectedItemState, input: Record<string, unknown>, expected: string): void {
  if (input.instanceType !== expected) {
    throw badRequest(
      'InvalidProviderSpecificInput',
      `properties.providerSpecificDetails.instanceType must be '${expected}' for replication protected item '${item.name}' in its current state, got '${String(input.instanceType ?? '')}'.`,
    );
  }
}

/** ApplyRecoveryPoint ("Change recovery point"): after a failover, before commit. */
export function applyRecoveryPoint(ctx: EmulatorContext, item: ProtectedItemState, body: ArmBody): JobState {
  const properties = requireProperties(body);
  const input = providerDetailsFor(item, properties);
  refuseWhileRunning(ctx, item);
  if (item.phase !== 'FailedOver') {
    throw notAllowed(
      item,
      'ChangePit',
      'ChangeRecoveryPointNotAllowed',
      'A recovery point can be changed only after a failover and before its commit.',
    );
  }
  const requested = required(
    str(properties.recoveryPointId) ?? str(input.recoveryPointId),
    'properties.recoveryPointId',
    'the recovery point to apply',
  );
  const point = recoveryPointFor(ctx, item, requested, ctx.clock.now());
  return startJob(ctx, item, 'ChangePit', { details: point ? { RecoveryPointId: point } : {} });
}

/** Failback: a planned failover from Azure to the primary site (failoverDirection RecoveryToPrimary). */
export function failback(ctx: EmulatorContext, item: ProtectedItemState, properties: Record<string, unknown>): JobState {
  refuseWhileRunning(ctx, item);
  if (item.provider === 'A2A') {
    throw badRequest('PlannedFailoverNotSupported', `Failback by planned failover is not supported for A2A replication ('${item.name}').`);
  }
  if (item.phase === 'FailedOver') {
    throw conflict(
      'FailoverNotCommitted',
      `Cannot fail back '${item.name}': its failover has not been committed. Commit the failover first, then fail back.`,
    );
  }
  const ready = item.provider === 'HyperVReplicaAzure' ? 'FailoverCommitted' : 'ReverseProtected';
  if (item.provider === 'InMageRcm' && item.phase === 'FailoverCommitted') {
    throw notAllowed(
      item,
      'Failback',
      'ReprotectRequiredBeforeFailback',
      'Reprotect the machine to the on-premises site (appliance, datastore, log storage) and let it replicate before failing back.',
    );
  }
  if (item.phase !== ready) {
    throw notAllowed(item, 'Failback', 'FailbackNotAllowed', 'Only a machine running in Azure after a committed failover can fail back.');
  }
  const input = providerInput(properties, 'providerSpecificDetails');
  requireInstanceType(item, input, FAILBACK_INSTANCE_TYPE[item.provider]);
  const details: Record<string, string> = { FailoverDirection: 'RecoveryToPrimary' };
  if (item.provider === 'HyperVReplicaAzure') {
    const dataSync = str(input.dataSyncOption);
    const creation = str(input.recoveryVmCreationOption);
    oneOf(dataSync, DATA_SYNC_OPTIONS, 'properties.providerSpecificDetails.dataSyncOption');
    oneOf(creation, VM_CREATION_OPTIONS, 'properties.providerSpecificDetails.recoveryVmCreationOption');
    const alternate = str(input.providerIdForAlternateRecovery);
    if (creation === 'CreateVmIfNotFound') {
      required(alternate, 'properties.providerSpecificDetails.providerIdForAlternateRecovery', 'the Hyper-V host to create the VM on');
    }
    Object.assign(details, {
      FailbackDataSyncOption: dataSync ?? 'ForDownTime',
      FailbackRecoveryVmCreationOption: creation ?? 'NoAction',
      ...(alternate ? { FailbackProviderIdForAlternateRecovery: alternate } : {}),
    });
  } else {
    const pointType = required(
      str(input.recoveryPointType),
      'properties.providerSpecificDetails.recoveryPointType',
      'ApplicationConsistent or CrashConsistent',
    );
    oneOf(pointType, RECOVERY_POINT_TYPES, 'properties.providerSpecificDetails.recoveryPointType');
    details.FailbackRecoveryPointType = pointType;
  }
  return startJob(ctx, item, 'PlannedFailover', { details });
}

/** Reprotect (reverse replication); what it needs depends on where the item is in its cycle (see above). */
export function reprotect(ctx: EmulatorContext, item: ProtectedItemState, body: ArmBody): JobState {
  const properties = requireProperties(body);
  refuseWhileRunning(ctx, item);
  const input = providerInput(properties, 'providerSpecificDetails');
  const direction = str(properties.failoverDirection);
  let details: Record<string, string> = {};
  if (item.phase === 'FailoverCommitted' && item.provider === 'InMageRcm') {
    details = reprotectToOnPremises(ctx, item, input);
  } else if (item.phase === 'FailbackCommitted') {
    oneOf(direction, ['PrimaryToRecovery'], 'properties.failoverDirection');
    details = item.provider === 'InMageRcm' ? reprotectToAzure(ctx, item, input) : {};
    if (item.provider === 'HyperVReplicaAzure' && properties.providerSpecificDetails !== undefined) {
      requireInstanceType(item, input, 'HyperVReplicaAzure');
    }
  } else if (!(item.phase === 'FailoverCommitted' && item.provider === 'A2A')) {
    const hint =
      item.provider === 'HyperVReplicaAzure' && item.phase === 'FailoverCommitted'
        ? 'A Hyper-V machine fails back first (planned failover RecoveryToPrimary), then is reprotected to Azure.'
        : 'Reprotect follows a committed failover or failback.';
    throw notAllowed(item, 'ReverseReplicate', 'ReprotectNotAllowed', hint);
  }
  return startJob(ctx, item, 'ReverseReplicate', { details });
}

/** InMageRcmReprotectInput: the appliance's reprotect agent receives the data on a VMware datastore. */
function reprotectToOnPremises(ctx: EmulatorContext, item: ProtectedItemState, input: Record<string, unknown>): Record<string, string> {
  requireInstanceType(item, input, 'InMageRcm');
  const field = (name: string) => `properties.providerSpecificDetails.${name}`;
  const agentId = required(str(input.reprotectAgentId), field('reprotectAgentId'), "the on-premises appliance's reprotect agent");
  const fabric = ctx.topology.fabric(item.fabric);
  const agent = fabric.reprotectAgents.find((a) => sameName(a.id, agentId) || sameName(a.name, agentId));
  if (!agent) {
    const known = fabric.reprotectAgents.map((a) => a.name).join(', ');
    throw badRequest(
      'ReprotectAgentNotFound',
      `The reprotect agent '${agentId}' is not registered with the appliance of fabric '${fabric.name}' (${known ? `known: ${known}` : 'it has none'}). Deploy an on-premises appliance (process server) to fail back to.`,
    );
  }
  if (!agent.vCenterId) {
    throw badRequest(
      'FailbackToPhysicalMachineNotSupported',
      `Failback to a physical machine is not supported: '${item.friendlyName}' can fail back only to a VMware virtual machine. Reprotect agent '${agent.name}' manages no vCenter; choose one that does.`,
    );
  }
  const datastore = required(str(input.datastoreName), field('datastoreName'), 'the VMware datastore of the failback VM');
  if (!agent.datastores.some((d) => sameName(d, datastore))) {
    throw badRequest(
      'DatastoreNotFound',
      `Datastore '${datastore}' is not available on vCenter '${agent.vCenterId}' of reprotect agent '${agent.name}' (available: ${agent.datastores.join(', ') || 'none'}).`,
    );
  }
  const logStorage = required(str(input.logStorageAccountId), field('logStorageAccountId'), 'the log storage account (ARM id)');
  const policyId = str(input.policyId);
  return {
    ReprotectAgentId: agent.id,
    DatastoreName: datastore,
    LogStorageAccountId: logStorage,
    ...(policyId ? { PolicyId: policyId } : {}),
  };
}

/** InMageRcmFailbackReprotectInput: replicate the failed-back machine to Azure again through a process server. */
function reprotectToAzure(ctx: EmulatorContext, item: ProtectedItemState, input: Record<string, unknown>): Record<string, string> {
  requireInstanceType(item, input, 'InMageRcmFailback');
  const field = (name: string) => `properties.providerSpecificDetails.${name}`;
  const fabric = ctx.topology.fabric(item.fabric);
  const processServerId = required(str(input.processServerId), field('processServerId'), 'the process server that replicates to Azure');
  if (!fabric.processServers.some((p) => sameName(p.id, processServerId))) {
    throw badRequest('ProcessServerNotFound', `The process server '${processServerId}' is not registered in fabric '${fabric.name}'.`);
  }
  const runAsAccountId = str(input.runAsAccountId);
  if (runAsAccountId && !fabric.runAsAccounts.some((r) => sameName(r.id, runAsAccountId))) {
    throw badRequest(
      'RunAsAccountNotFound',
      `The run-as account '${runAsAccountId}' is not known to the appliance of fabric '${fabric.name}'.`,
    );
  }
  const policyName = lastSegment(required(str(input.policyId), field('policyId'), 'the InMageRcm replication policy (ARM id)'));
  const policy = ctx.topology.inventory.policies.find((p) => sameName(p.name, policyName));
  if (!policy) throw badRequest('PolicyNotFound', `The replication policy '${policyName}' does not exist in vault '${ctx.scope.vault}'.`);
  if (policy.provider !== 'InMageRcm') {
    throw badRequest(
      'InvalidPolicyProvider',
      `Policy '${policy.name}' is for ${policy.provider}; reprotect to Azure needs an InMageRcm policy.`,
    );
  }
  return { ProcessServerId: processServerId, PolicyName: policy.name, ...(runAsAccountId ? { RunAsAccountId: runAsAccountId } : {}) };
}

export const DR_ACTION_ROUTES: Route[] = [
  itemAction('ReplicationProtectedItems_Reprotect', 'reProtect', reprotect),
  itemAction('ReplicationProtectedItems_ApplyRecoveryPoint', 'applyRecoveryPoint', applyRecoveryPoint),
];
