import { policyId, TYPES, type VaultScope } from '../http/resource-ids';
import type { PolicySpec } from '../model/inventory';

/** A replication policy with the provider-specific details of the SDK models. */

export function renderPolicy(scope: VaultScope, policy: PolicySpec) {
  const details =
    policy.provider === 'HyperVReplicaAzure'
      ? {
          instanceType: 'HyperVReplicaAzure',
          recoveryPointHistoryDurationInHours: Math.round(policy.recoveryPointHistoryMinutes / 60),
          applicationConsistentSnapshotFrequencyInHours: Math.round(policy.appConsistentFrequencyMinutes / 60),
          replicationInterval: 300,
          encryption: 'Disable',
        }
      : policy.provider === 'InMageRcm'
        ? {
            instanceType: 'InMageRcm',
            recoveryPointHistoryInMinutes: policy.recoveryPointHistoryMinutes,
            appConsistentFrequencyInMinutes: policy.appConsistentFrequencyMinutes,
            crashConsistentFrequencyInMinutes: policy.crashConsistentFrequencyMinutes,
            enableMultiVmSync: 'False',
          }
        : {
            instanceType: 'A2A',
            recoveryPointHistory: policy.recoveryPointHistoryMinutes,
            appConsistentFrequencyInMinutes: policy.appConsistentFrequencyMinutes,
            crashConsistentFrequencyInMinutes: policy.crashConsistentFrequencyMinutes,
            multiVmSyncStatus: 'Disabled',
            recoveryPointThresholdInMinutes: policy.rpoThresholdMinutes,
          };
  return {
    id: policyId(scope, policy.name),
    name: policy.name,
    type: TYPES.policy,
    properties: { friendlyName: policy.name, providerSpecificDetails: details },
  };
}
