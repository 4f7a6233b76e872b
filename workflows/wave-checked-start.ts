import { ApplicationFailure, setHandler, upsertSearchAttributes, workflowInfo } from '@temporalio/workflow';
import { formatIssues, fieldMessages } from '../common/field-issues';
import { keyOfWorkflowId } from '../common/ids';
import { MIGRATION_WAVE, WAVE_STAGE } from '../common/search-attributes';
import { InvalidWaveRequestError, WaveRequestSchema, type WaveRequest } from '../common/wave-request';
import type { WaveStatus } from '../common/wave-status';
import { boundedText } from './bounded-text';
import { MAX_KEPT_WORKFLOW_ID, expectWorkflowId } from './expect-workflow-id';
import { nowIso } from './migration-state';
import { waveStatusQuery } from './wave-definitions';
import type { WaveState } from './wave-state';

export const INVALID_WAVE_REQUEST = 'InvalidWaveRequest';
const MAX_REQUEST_ERRORS = 10;

/**
 * The checks every wave start crosses, whoever started it: a valid request (by `schema`, the rules the wave was
 * started under), and the workflow id `wave-<name>`.
 * A refused start ends Failed at once, before any activity, with `waveStatus` answering Failed and WaveStage = Failed.
 */
export function acceptWaveRequest(input: unknown, schema: typeof WaveRequestSchema = WaveRequestSchema): WaveRequest {
  const parsed = schema.safeParse(input, fieldMessages);
  if (!parsed.success) {
    const issues = formatIssues(parsed.error)
      .slice(0, MAX_REQUEST_ERRORS)
      .map((issue) => ({ path: boundedText(issue.path, 120)!, message: boundedText(issue.message, 200)! }));
    const { message } = new InvalidWaveRequestError(issues);
    refuseWave(undefined, INVALID_WAVE_REQUEST, message, undefined, issues);
  }
  const request = parsed.data;
  try {
    expectWorkflowId('migrateWave', request.name);
  } catch (error) {
    const failure = error as ApplicationFailure;
    refuseWave(request, failure.type ?? 'WrongWorkflowId', failure.message);
  }
  return request;
}

/** Ends the wave Failed before anything started: status (the given state's, or a minimal one), WaveStage, failure. */
export function refuseWave(
  request: WaveRequest | undefined,
  code: string,
  message: string,
  state?: WaveState,
  requestErrors?: WaveStatus['requestErrors'],
): never {
  const at = nowIso();
  const name = request?.name ?? boundedText(keyOfWorkflowId('migrateWave', workflowInfo().workflowId), MAX_KEPT_WORKFLOW_ID)!;
  const status: WaveStatus = state?.status ?? {
    name,
    stage: 'Failed',
    since: at,
    failurePolicy: request?.failurePolicy ?? 'halt',
    replicationConcurrency: request?.replicationConcurrency ?? 0,
    groups: [],
    counts: {},
    decisions: [],
    refusedDecisions: 0,
    ignoredReports: 0,
    run: 1,
    notes: [],
  };
  status.stage = 'Failed';
  status.since = at;
  delete status.waitingFor;
  status.lastError = { code, message: boundedText(message, 2000)!, at };
  if (requestErrors) status.requestErrors = requestErrors;
  setHandler(waveStatusQuery, () => status);
  upsertSearchAttributes([{ key: WAVE_STAGE, value: 'Failed' }, ...(request ? [{ key: MIGRATION_WAVE, value: request.name }] : [])]);
  throw ApplicationFailure.nonRetryable(message, code, ...(requestErrors ? [requestErrors] : []));
}
