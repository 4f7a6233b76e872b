import { ApplicationFailure, setHandler, upsertSearchAttributes, workflowInfo } from '@temporalio/workflow';
import { keyOfWorkflowId } from '../common/ids';
import {
  InvalidProtectionRequestError,
  PROTECTABLE_SCENARIOS,
  checkProtectionRequest,
  type ProtectionRequest,
} from '../common/protection-request';
import type { ProtectionStatus } from '../common/protection-status';
import { MIGRATION_STAGE } from '../common/search-attributes';
import { boundedText } from './bounded-text';
import { boundedRequestErrors } from './checked-start';
import { MAX_KEPT_WORKFLOW_ID, expectWorkflowId } from './expect-workflow-id';
import { nowIso } from './migration-state';
import { protectionStatusQuery } from './protection-definitions';
import { blankProtectionStatus } from './protection-state';

export const INVALID_PROTECTION_REQUEST = 'InvalidProtectionRequest';
export const CARRIED_STATE_REFUSED = 'CarriedStateRefused';

/**
 * The checks every start of protectMachine crosses, whoever started it: the request must be valid (a
 * protectable source among them), the workflow id must be `protect-<machineId>`, and a carried state is
 * accepted only from the run this one continues (continue-as-new, which the server attests): nobody can start
 * a protection in a stage it never reached. A refused start ends Failed at once, before any activity, with a
 * status and MigrationStage = Failed.
 */
export function acceptProtectionRequest(input: unknown, carried: unknown): ProtectionRequest {
  const checked = checkProtectionRequest(input);
  if (!checked.success) {
    const requestErrors = boundedRequestErrors(checked.issues);
    const { message } = new InvalidProtectionRequestError(requestErrors);
    const scenario = PROTECTABLE_SCENARIOS.find((s) => s === (input as { scenario?: unknown } | null)?.scenario);
    refuseStart({ scenario, requestErrors }, ApplicationFailure.nonRetryable(message, INVALID_PROTECTION_REQUEST, requestErrors));
  }
  const request = checked.data;
  const known = { displayName: request.displayName, scenario: request.scenario, wave: request.wave };
  try {
    expectWorkflowId('protectMachine', request.machineId);
  } catch (error) {
    refuseStart(known, error as ApplicationFailure);
  }
  if (carried !== undefined && !workflowInfo().continuedFromExecutionRunId) {
    refuseStart(
      known,
      ApplicationFailure.nonRetryable(
        `protectMachine of ${request.machineId} was started with a carried state: only a run's own continue-as-new carries one; start with the request alone`,
        CARRIED_STATE_REFUSED,
      ),
    );
  }
  return request;
}

function refuseStart(
  known: Partial<Pick<ProtectionStatus, 'displayName' | 'scenario' | 'wave' | 'requestErrors'>>,
  failure: ApplicationFailure,
): never {
  const machineId = boundedText(keyOfWorkflowId('protectMachine', workflowInfo().workflowId), MAX_KEPT_WORKFLOW_ID)!;
  const status = { ...blankProtectionStatus(machineId, 'Failed', known), requestErrors: known.requestErrors };
  status.lastError = { code: failure.type ?? 'Error', message: failure.message, stage: 'Failed', at: nowIso() };
  setHandler(protectionStatusQuery, () => status);
  upsertSearchAttributes([{ key: MIGRATION_STAGE, value: 'Failed' }]);
  throw failure;
}
