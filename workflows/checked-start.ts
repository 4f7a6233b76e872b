import { ApplicationFailure, setHandler, upsertSearchAttributes, workflowInfo } from '@temporalio/workflow';
import type { z } from 'zod';
import { keyOfWorkflowId } from '../common/ids';
import {
  InvalidMigrationRequestError,
  formatIssues,
  missingFieldMessages,
  scenarioOf,
  type MigrationRequest,
} from '../common/migration-request';
import type { MigrationError, MigrationStatus, RequestError } from '../common/migration-status';
import { MIGRATION_STAGE } from '../common/search-attributes';
import { boundedText } from './bounded-text';
import { statusQuery } from './definitions';
import { MAX_KEPT_WORKFLOW_ID, WRONG_WORKFLOW_ID, expectWorkflowId } from './expect-workflow-id';
import { nowIso } from './migration-state';

export const INVALID_MIGRATION_REQUEST = 'InvalidMigrationRequest';

/** What a refused request keeps of its problems: enough to fix it, never more than a few kilobytes. */
const MAX_REQUEST_ERRORS = 10;
const MAX_PATH_CHARS = 120;
const MAX_MESSAGE_CHARS = 200;

type RequestSchema = z.ZodType<MigrationRequest>;

/**
 * The checks every start crosses, whoever started it (our client, `temporal workflow start`, any SDK):
 * the request must be valid, and the workflow id must be the one its machine id dictates. A refused start
 * ends Failed at once, before any activity, with `status` answering Failed and MigrationStage = Failed,
 * so lists find it.
 */
export function acceptMigrationRequest(input: unknown, schema: RequestSchema): MigrationRequest {
  const parsed = schema.safeParse(input, missingFieldMessages);
  if (!parsed.success) {
    const requestErrors = boundedRequestErrors(formatIssues(parsed.error));
    const { message } = new InvalidMigrationRequestError(requestErrors);
    const scenario = scenarioOf(input);
    refuseStart(
      { scenario, requestErrors, lastError: { code: INVALID_MIGRATION_REQUEST, message } },
      ApplicationFailure.nonRetryable(message, INVALID_MIGRATION_REQUEST, requestErrors),
    );
  }
  const request = parsed.data;
  try {
    expectWorkflowId('migrateMachine', request.machineId);
  } catch (error) {
    const failure = error as ApplicationFailure;
    refuseStart(
      {
        displayName: request.displayName,
        scenario: request.scenario,
        wave: request.wave,
        lastError: { code: WRONG_WORKFLOW_ID, message: failure.message },
      },
      failure,
    );
  }
  return request;
}

/** Before the `checked-start` patch: an invalid request failed the workflow without a status or a stage. */
export function parseAsBeforeCheckedStart(input: unknown, schema: RequestSchema): MigrationRequest {
  const parsed = schema.safeParse(input, missingFieldMessages);
  if (!parsed.success) {
    const error = new InvalidMigrationRequestError(formatIssues(parsed.error));
    throw ApplicationFailure.nonRetryable(error.message, INVALID_MIGRATION_REQUEST, error.issues);
  }
  return parsed.data;
}

type Refusal = Pick<MigrationStatus, 'displayName' | 'scenario' | 'wave' | 'requestErrors'> & {
  lastError: Pick<MigrationError, 'code' | 'message'>;
};

function refuseStart(refusal: Refusal, failure: ApplicationFailure): never {
  const at = nowIso();
  const { lastError, ...known } = refusal;
  const status: MigrationStatus = {
    machineId: boundedText(keyOfWorkflowId('migrateMachine', workflowInfo().workflowId), MAX_KEPT_WORKFLOW_ID)!,
    ...known,
    stage: 'Failed',
    stages: [{ stage: 'Failed', enteredAt: at }],
    replication: { percent: 0, stalled: false },
    testFailoverCount: 0,
    decisions: [],
    resources: {},
    leftBehind: [],
    lastError: { ...lastError, stage: 'Failed', at },
  };
  setHandler(statusQuery, () => status);
  upsertSearchAttributes([{ key: MIGRATION_STAGE, value: 'Failed' }]);
  throw failure;
}

export function boundedRequestErrors(issues: RequestError[]): RequestError[] {
  const kept = issues
    .slice(0, MAX_REQUEST_ERRORS)
    .map((issue) => ({ path: boundedText(issue.path, MAX_PATH_CHARS)!, message: boundedText(issue.message, MAX_MESSAGE_CHARS)! }));
  const more = issues.length - kept.length;
  return more > 0 ? [...kept, { path: '', message: `and ${more} more` }] : kept;
}
