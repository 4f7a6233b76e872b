import type { MigrationRequest } from '../../../common/migration-request';
import { a2aInputs } from './a2a';
import { hyperVReplicaAzureInputs } from './hyper-v-replica-azure';
import { inMageRcmInputs } from './in-mage-rcm';
import type { ProviderInputs } from './provider-inputs';

export type { EnableContext, FailoverContext, ProviderInputs } from './provider-inputs';
export { PRIMARY_TO_RECOVERY, targetVmName } from './provider-inputs';

/** The provider-specific inputs for the request's scenario. */
export function providerInputsFor(request: MigrationRequest): ProviderInputs<MigrationRequest> {
  switch (request.scenario) {
    case 'hyperv-to-azure':
      return hyperVReplicaAzureInputs as ProviderInputs<MigrationRequest>;
    case 'vmware-to-azure':
    case 'physical-to-azure':
    case 'aws-to-azure':
      return inMageRcmInputs as ProviderInputs<MigrationRequest>;
    case 'azure-to-azure':
      return a2aInputs as ProviderInputs<MigrationRequest>;
  }
}
