import type {
  EnableProtectionInput,
  PlannedFailoverInput,
  TestFailoverInput,
  UnplannedFailoverInput,
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
