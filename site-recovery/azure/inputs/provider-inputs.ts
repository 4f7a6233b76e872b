import type {
  EnableProtectionInput,
  PlannedFailoverInput,
  TestFailoverInput,
  TestFailoverProviderSpecificInputUnion,
  UnplannedFailoverInput,
  UnplannedFailoverProviderSpecificInputUnion,
} from '@azure/arm-recoveryservices-siterecovery';
import type { MigrationRequest, Scenario } from '../../../common/migration-request';

export type RequestOf<S extends Scenario> = Extract<MigrationRequest, { scenario: S }>;

/** Values the enable input needs beyond the request, resolved by the adapter. */
export interface EnableContext {
  policyId: string;
  protectableItemId?: string;
  recoveryContainerId?: string;
  cacheStorageAccountId?: string;
}

export interface FailoverContext {
  /** Undefined = ASR's default point (the latest processed one). */
  recoveryPointId?: string;
  shutdownSource: boolean;
}

/** The provider-specific request bodies ASR expects for one replication provider. */
export interface ProviderInputs<R extends MigrationRequest> {
  enable(request: R, context: EnableContext): EnableProtectionInput;
  testFailover(request: R, recoveryPointId: string | undefined): TestFailoverInput;
  /** Only HyperVReplicaAzure offers a planned failover to Azure. */
  plannedFailover?(request: R, recoveryPointId: string | undefined): PlannedFailoverInput;
  unplannedFailover(request: R, context: FailoverContext): UnplannedFailoverInput;
}

export const PRIMARY_TO_RECOVERY = 'PrimaryToRecovery';

export function targetVmName(request: MigrationRequest): string {
  return request.target.vmName ?? request.displayName;
}

/** A test failover always goes into the request's isolated test network, never the production one. */
export function testFailoverIntoTestNetwork(
  request: MigrationRequest,
  providerSpecificDetails: TestFailoverProviderSpecificInputUnion,
): TestFailoverInput {
  return {
    properties: {
      failoverDirection: PRIMARY_TO_RECOVERY,
      networkType: 'VmNetworkAsInput',
      networkId: request.target.testVirtualNetworkId,
      providerSpecificDetails,
    },
  };
}

/** Unplanned failover for providers that shut the source down through `sourceSiteOperations` (Hyper-V, A2A). */
export function unplannedFailoverWithSourceSiteOperations(
  context: FailoverContext,
  providerSpecificDetails: UnplannedFailoverProviderSpecificInputUnion,
): UnplannedFailoverInput {
  return {
    properties: {
      failoverDirection: PRIMARY_TO_RECOVERY,
      sourceSiteOperations: context.shutdownSource ? 'Required' : 'NotRequired',
      providerSpecificDetails,
    },
  };
}
