import {
  Client,
  Connection,
  WorkflowExecutionAlreadyStartedError,
  WorkflowFailedError,
  type WorkflowExecutionInfo,
  type WorkflowExecutionStatusName,
  type WorkflowHandle,
} from '@temporalio/client';
import type { DecisionProof } from '../common/decision-proof';
import { isDecisionName, parseDecision, type DecisionName, type DecisionPayload } from '../common/decisions';
import { shownText } from '../common/field-issues';
import { parseMigrationRequest, type MigrationRequest } from '../common/migration-request';
import type { MigrationStatus } from '../common/migration-status';
import { initialSearchAttributes, MIGRATION_STAGE, MIGRATION_WAVE, SOURCE_PLATFORM } from '../common/search-attributes';
import type { Stage } from '../common/stages';
import { workflowIdFor } from '../common/ids';
import { taskQueueFromEnv as configuredTaskQueue } from '../config/task-queue';
import { DECISION_SIGNALS, DECISION_UPDATES, MIGRATE_MACHINE_WORKFLOW, statusQuery } from '../workflows/definitions';
import { mapWithConcurrency } from './concurrency';
import { connectToTemporal, type ConnectOptions } from './connection';
import {
  DecisionRejectedError,
  InvalidDecisionError,
  MigrationAlreadyCompletedError,
  MigrationNotFoundError,
  NoWorkerAnswerError,
  UnknownDecisionError,
} from './errors';
import { listQueryFor, type ListFilter } from './list-query';
import { withLiveSyncProgress } from './live-sync-progress';
import { onRunningWorkflow } from './ended-workflow';
import { answeredWithin, executeDecisionUpdate, ruleOf } from './decision-update';
import { statusFromFailure } from './temporal-errors';
import { validateMigrationRequests } from './validate-batch';
import { visibilityPage } from './visibility-page';

export interface StartedMigration {
  machineId: string;
  workflowId: string;
  handle: WorkflowHandle;
  /** True when the machine's migration was already running: that run is returned and nothing new started. */
  alreadyRunning: boolean;
}

export type BatchItemResult =
  | { machineId: string; workflowId: string; outcome: 'started' }
  | { machineId: string; workflowId: string; outcome: 'alreadyRunning' }
  | { machineId: string; workflowId: string; outcome: 'error'; error: string; errorName: string };

export interface MigrationSummary {
  machineId: string;
  workflowId: string;
  runId: string;
  stage?: Stage;
  scenario?: string;
  wave?: string;
  /** Temporal's execution status (RUNNING, COMPLETED, FAILED, TERMINATED, ...). */
  executionStatus: WorkflowExecutionStatusName;
  startTime: Date;
  closeTime?: Date;
}

export interface MigrationPage {
  migrations: MigrationSummary[];
  /** Pass back as `pageToken` for the next page; absent on the last page. */
  nextPageToken?: string;
}

export interface DecisionOptions {
  /** 'update' (default) waits for the workflow to accept the decision and returns the new status; 'signal' is fire-and-forget. */
  via?: 'update' | 'signal';
  /**
   * The proof the siteshift API signs for the decision (common/decision-proof.ts): sent beside the payload's
   * fields. Migrations under signed decisions refuse a decision without a valid one.
   */
  proof?: DecisionProof;
}

const WORKFLOW_ID_PREFIX = workflowIdFor('');

function summaryOf(info: WorkflowExecutionInfo): MigrationSummary {
  return {
    machineId: info.workflowId.startsWith(WORKFLOW_ID_PREFIX) ? info.workflowId.slice(WORKFLOW_ID_PREFIX.length) : info.workflowId,
    workflowId: info.workflowId,
    runId: info.runId,
    stage: info.typedSearchAttributes.get(MIGRATION_STAGE) as Stage | undefined,
    scenario: info.typedSearchAttributes.get(SOURCE_PLATFORM),
    wave: info.typedSearchAttributes.get(MIGRATION_WAVE),
    executionStatus: info.status.name,
    startTime: info.startTime,
    closeTime: info.closeTime,
  };
}

/** Starts in flight at once in startBatch: fast for thousands of machines without flooding the frontend. */
const START_CONCURRENCY = 8;

/** Stages in which a closed migration may be started again for the same machine. */
const RESTARTABLE_STAGES: readonly string[] = ['Aborted', 'Failed'];

export interface MigrationClientOptions {
  /** How long `status` and decisions wait for a worker to answer (default 30 s). */
  answerTimeoutMs?: number;
}

/**
 * The typed way services and the CLI drive `migrateMachine` workflows.
 *
 * Duplicate starts: one machine has at most one running migration (workflow id `migrate-<machineId>`,
 * conflict policy FAIL, so a second start returns the running one with `alreadyRunning: true`).
 * A machine whose last migration ended Aborted or Failed may be started again; one that Completed may not
 * (`MigrationAlreadyCompletedError`), since migrating an already cut-over machine again would replicate
 * the old source over it.
 */
export class MigrationClient {
  private ownedConnection?: Connection;
  readonly answerTimeoutMs: number;

  constructor(
    readonly client: Client,
    readonly taskQueue: string = configuredTaskQueue(),
    options: MigrationClientOptions = {},
  ) {
    this.answerTimeoutMs = options.answerTimeoutMs ?? 30_000;
  }

  /** Connects with the standard TEMPORAL_* environment / envconfig profile and SITESHIFT_TASK_QUEUE. */
  static async connect(options: ConnectOptions & MigrationClientOptions & { taskQueue?: string } = {}): Promise<MigrationClient> {
    const { client, connection } = await connectToTemporal(options);
    const migrations = new MigrationClient(client, options.taskQueue ?? configuredTaskQueue(options.env), options);
    migrations.ownedConnection = connection;
    return migrations;
  }

  /** Closes the connection opened by `connect()`; a Client passed to the constructor stays its owner's to close. */
  async close(): Promise<void> {
    await this.ownedConnection?.close();
  }

  /** Validates the request (throws InvalidMigrationRequestError listing every bad field) and starts its migration. */
  async startMigration(input: unknown): Promise<StartedMigration> {
    return this.startValidated(parseMigrationRequest(input));
  }

  /**
   * Validates every request first; if any is invalid nothing starts (InvalidBatchError). Then starts them,
   * a few at a time, and reports each one's outcome in input order (one failing start does not stop the rest).
   */
  async startBatch(inputs: readonly unknown[]): Promise<BatchItemResult[]> {
    const requests = validateMigrationRequests(inputs);
    return mapWithConcurrency(requests, START_CONCURRENCY, async (request): Promise<BatchItemResult> => {
      const workflowId = workflowIdFor(request.machineId);
      try {
        const started = await this.startValidated(request);
        return { machineId: request.machineId, workflowId, outcome: started.alreadyRunning ? 'alreadyRunning' : 'started' };
      } catch (error) {
        return {
          machineId: request.machineId,
          workflowId,
          outcome: 'error',
          error: (error as Error).message,
          errorName: (error as Error).name,
        };
      }
    });
  }

  /** The workflow's status, with the live progress of an initial sync that is running (see live-sync-progress.ts). */
  async status(machineId: string): Promise<MigrationStatus> {
    const handle = this.handleFor(machineId);
    return this.withNotFound(machineId, async () =>
      withLiveSyncProgress(await this.answered(machineId, 'status', () => handle.query(statusQuery)), handle),
    );
  }

  approveTestFailover(machineId: string, payload: DecisionPayload<'approveTestFailover'>, options: { via: 'signal' }): Promise<void>;
  approveTestFailover(
    machineId: string,
    payload: DecisionPayload<'approveTestFailover'>,
    options?: DecisionOptions,
  ): Promise<MigrationStatus>;
  approveTestFailover(machineId: string, payload: DecisionPayload<'approveTestFailover'>, options?: DecisionOptions) {
    return this.decide(machineId, 'approveTestFailover', payload, options);
  }

  requestRetest(machineId: string, payload: DecisionPayload<'requestRetest'>, options: { via: 'signal' }): Promise<void>;
  requestRetest(machineId: string, payload: DecisionPayload<'requestRetest'>, options?: DecisionOptions): Promise<MigrationStatus>;
  requestRetest(machineId: string, payload: DecisionPayload<'requestRetest'>, options?: DecisionOptions) {
    return this.decide(machineId, 'requestRetest', payload, options);
  }

  approveFailover(machineId: string, payload: DecisionPayload<'approveFailover'>, options: { via: 'signal' }): Promise<void>;
  approveFailover(machineId: string, payload: DecisionPayload<'approveFailover'>, options?: DecisionOptions): Promise<MigrationStatus>;
  approveFailover(machineId: string, payload: DecisionPayload<'approveFailover'>, options?: DecisionOptions) {
    return this.decide(machineId, 'approveFailover', payload, options);
  }

  abortMigration(machineId: string, payload: DecisionPayload<'abortMigration'>, options: { via: 'signal' }): Promise<void>;
  abortMigration(machineId: string, payload: DecisionPayload<'abortMigration'>, options?: DecisionOptions): Promise<MigrationStatus>;
  abortMigration(machineId: string, payload: DecisionPayload<'abortMigration'>, options?: DecisionOptions) {
    return this.decide(machineId, 'abortMigration', payload, options);
  }

  /**
   * Sends one operator decision. Validates the name (UnknownDecisionError) and the payload with the shared
   * schema (InvalidDecisionError) first.
   * As an update: resolves with the workflow's new status, or throws DecisionRejectedError carrying the
   * validator's message. As a signal: resolves once the server has it; the workflow records it as
   * accepted or rejected in `status().decisions`.
   */
  async decide<N extends DecisionName>(
    machineId: string,
    decision: N,
    payload: DecisionPayload<N>,
    options: DecisionOptions = {},
  ): Promise<MigrationStatus | void> {
    if (!isDecisionName(decision)) throw new UnknownDecisionError(decision);
    const parsed = parseDecision(decision, payload);
    if (!parsed.success) throw new InvalidDecisionError(decision, parsed.issues);
    const checked = options.proof ? { ...parsed.data.payload, proof: options.proof } : parsed.data.payload;
    const handle = this.handleFor(machineId);
    const via = options.via ?? 'update';
    if (via !== 'update' && via !== 'signal') throw new RangeError(`via must be 'update' or 'signal', got ${shownText(via)}`);
    return this.withNotFound(
      machineId,
      async () => {
        if (via === 'signal') return handle.signal<[unknown]>(DECISION_SIGNALS[decision], checked);
        return this.answered(machineId, decision, () =>
          executeDecisionUpdate<MigrationStatus>(handle, DECISION_UPDATES[decision], checked, (reason, cause) => {
            return new DecisionRejectedError(machineId, decision, reason, ruleOf(cause));
          }),
        );
      },
      decision,
    );
  }

  /** Migrations matching every given filter (visibility is eventually consistent: a change shows up within a second or so). */
  async list(filter: ListFilter = {}): Promise<MigrationSummary[]> {
    const { query, keep } = listQueryFor(filter);
    const summaries: MigrationSummary[] = [];
    for await (const info of this.client.workflow.list({ query })) {
      const summary = summaryOf(info);
      if (keep(summary)) summaries.push(summary);
    }
    return summaries;
  }

  /**
   * One page of `list`: at most `pageSize` migrations (fewer when the store's answer is narrowed to an exact
   * wave), and the opaque token of the next page (absent on the last one). A token that is not the
   * nextPageToken of a page of this same filter is refused (InvalidPageTokenError) before Temporal is asked.
   */
  async listPage(filter: ListFilter = {}, page: { pageSize?: number; pageToken?: string } = {}): Promise<MigrationPage> {
    const { query, keep } = listQueryFor(filter);
    const { infos, nextPageToken } = await visibilityPage(this.client, query, page);
    return { migrations: infos.map(summaryOf).filter((summary) => keep(summary)), nextPageToken };
  }

  /**
   * Waits for the machine's migration to end and returns its final status, whether Completed, Aborted or
   * Failed (a Failed run fails the workflow; its status comes from the failure details, else a status query).
   * Rejects only when the run ended without a migration status (terminated, timed out, cancelled).
   */
  async waitForResult(machineId: string): Promise<MigrationStatus> {
    return this.withNotFound(machineId, async () => {
      try {
        return (await this.handleFor(machineId).result()) as MigrationStatus;
      } catch (error) {
        if (!(error instanceof WorkflowFailedError)) throw error;
        const finalStatus = statusFromFailure(error) ?? (await this.status(machineId).catch(() => undefined));
        if (finalStatus?.stage === 'Failed') return finalStatus;
        throw error;
      }
    });
  }

  handleFor(machineId: string): WorkflowHandle {
    return this.client.workflow.getHandle(workflowIdFor(machineId));
  }

  private async startValidated(request: MigrationRequest): Promise<StartedMigration> {
    const workflowId = workflowIdFor(request.machineId);
    try {
      return await this.startWorkflow(request, 'ALLOW_DUPLICATE_FAILED_ONLY');
    } catch (error) {
      if (!(error instanceof WorkflowExecutionAlreadyStartedError)) throw error;
    }
    // The id is taken: either a run is still going, or a closed run that completed normally blocks reuse.
    const existing = this.client.workflow.getHandle(workflowId);
    const description = await existing.describe();
    if (description.status.name === 'RUNNING') {
      return { machineId: request.machineId, workflowId, handle: existing, alreadyRunning: true };
    }
    const lastStage = description.typedSearchAttributes.get(MIGRATION_STAGE);
    if (lastStage === undefined || !RESTARTABLE_STAGES.includes(lastStage)) throw new MigrationAlreadyCompletedError(request.machineId);
    try {
      return await this.startWorkflow(request, 'ALLOW_DUPLICATE');
    } catch (error) {
      // Another caller restarted it between our describe and start: theirs is the running migration.
      if (!(error instanceof WorkflowExecutionAlreadyStartedError)) throw error;
      return { machineId: request.machineId, workflowId, handle: existing, alreadyRunning: true };
    }
  }

  private async startWorkflow(
    request: MigrationRequest,
    workflowIdReusePolicy: 'ALLOW_DUPLICATE_FAILED_ONLY' | 'ALLOW_DUPLICATE',
  ): Promise<StartedMigration> {
    const workflowId = workflowIdFor(request.machineId);
    const handle = await this.client.workflow.start(MIGRATE_MACHINE_WORKFLOW, {
      args: [request],
      workflowId,
      taskQueue: this.taskQueue,
      workflowIdConflictPolicy: 'FAIL',
      workflowIdReusePolicy,
      typedSearchAttributes: initialSearchAttributes(request),
    });
    return { machineId: request.machineId, workflowId, handle, alreadyRunning: false };
  }

  /** Bounds a call that needs a worker to answer (query, update) by answerTimeoutMs. */
  private async answered<T>(machineId: string, action: string, call: () => Promise<T>): Promise<T> {
    return answeredWithin(this.client, this.answerTimeoutMs, call, async () => {
      const taskQueue = await this.handleFor(machineId)
        .describe()
        .then((description) => description.taskQueue)
        .catch(() => undefined);
      return new NoWorkerAnswerError(machineId, action, taskQueue, this.answerTimeoutMs);
    });
  }

  /** Turns "no such workflow" into MigrationNotFoundError, and, for a decision, "already ended" into a rejected decision. */
  private withNotFound<T>(machineId: string, call: () => Promise<T>, decision?: DecisionName): Promise<T> {
    return onRunningWorkflow(
      this.handleFor(machineId),
      call,
      {
        notFound: () => new MigrationNotFoundError(machineId),
        ended: decision && ((stage) => new DecisionRejectedError(machineId, decision, `the migration has already ended (stage ${stage})`)),
      },
      MIGRATION_STAGE,
    );
  }
}
