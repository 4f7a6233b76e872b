import {
  WorkflowExecutionAlreadyStartedError,
  type Client,
  type WorkflowExecutionStatusName,
  type WorkflowHandle,
} from '@temporalio/client';
import { shownText } from '../common/field-issues';
import { keyOfWorkflowId, workflowIdOf } from '../common/ids';
import {
  isProtectionDecisionName,
  parseProtectionDecision,
  type ProtectionDecisionInput,
  type ProtectionDecisionName,
} from '../common/protection-decisions';
import { parseProtectionRequest, type ProtectionRequest } from '../common/protection-request';
import type { ProtectionStatus } from '../common/protection-status';
import { initialSearchAttributes, MIGRATION_STAGE, MIGRATION_WAVE, SOURCE_PLATFORM } from '../common/search-attributes';
import type { ProtectionStage } from '../common/protection-stages';
import { taskQueueFromEnv as configuredTaskQueue } from '../config/task-queue';
import {
  PROTECT_MACHINE_WORKFLOW,
  PROTECTION_SIGNALS,
  PROTECTION_UPDATES,
  protectionStatusQuery,
} from '../workflows/protection-definitions';
import {
  DecisionRejectedError,
  InvalidDecisionError,
  NoWorkerAnswerError,
  ProtectionNotFoundError,
  UnknownProtectionDecisionError,
} from './errors';

export { UnknownProtectionDecisionError };
import type { DecisionOptions } from './migration-client';
import { visibilityPage } from './visibility-page';
import { onRunningWorkflow } from './ended-workflow';
import { answeredWithin, executeDecisionUpdate, ruleOf } from './decision-update';

export interface StartedProtection {
  machineId: string;
  workflowId: string;
  handle: WorkflowHandle;
  /** True when the machine's protection was already running: that run is returned and nothing new started. */
  alreadyRunning: boolean;
}

/** One protection as Temporal's visibility lists it (health and RPO are in its status). */
export interface ProtectionSummary {
  machineId: string;
  workflowId: string;
  runId: string;
  /** The latest stage the workflow made searchable (MigrationStage). */
  stage?: ProtectionStage;
  scenario?: string;
  wave?: string;
  executionStatus: WorkflowExecutionStatusName;
  startTime: Date;
  closeTime?: Date;
}

export interface ProtectionPage {
  protections: ProtectionSummary[];
  /** Pass back as `pageToken` for the next page; absent on the last page. */
  nextPageToken?: string;
}

/** Every run of protectMachine: the running ones and those that ended (a continue-as-new shows its latest run). */
export const PROTECTIONS_QUERY = `WorkflowType = '${PROTECT_MACHINE_WORKFLOW}'`;

/**
 * The typed way services and the CLI drive `protectMachine` (disaster recovery). One machine has at most one
 * running protection (workflow id `protect-<machineId>`); a stopped, converted or failed one may be started
 * again. A machine being migrated is refused by the workflow's preflight (MachineBusy), and the other way round.
 */
export class ProtectionClient {
  readonly answerTimeoutMs: number;

  constructor(
    readonly client: Client,
    readonly taskQueue: string = configuredTaskQueue(),
    options: { answerTimeoutMs?: number } = {},
  ) {
    this.answerTimeoutMs = options.answerTimeoutMs ?? 30_000;
  }

  /** Validates the request (InvalidProtectionRequestError listing every bad field) and starts the protection. */
  async start(input: unknown): Promise<StartedProtection> {
    const request = parseProtectionRequest(input);
    const workflowId = workflowIdOf('protectMachine', request.machineId);
    try {
      const handle = await this.client.workflow.start(PROTECT_MACHINE_WORKFLOW, {
        args: [request],
        workflowId,
        taskQueue: this.taskQueue,
        workflowIdConflictPolicy: 'FAIL',
        workflowIdReusePolicy: 'ALLOW_DUPLICATE',
        typedSearchAttributes: initialSearchAttributes(request satisfies Pick<ProtectionRequest, 'scenario' | 'wave'>),
      });
      return { machineId: request.machineId, workflowId, handle, alreadyRunning: false };
    } catch (error) {
      if (!(error instanceof WorkflowExecutionAlreadyStartedError)) throw error;
      return { machineId: request.machineId, workflowId, handle: this.handleFor(request.machineId), alreadyRunning: true };
    }
  }

  async status(machineId: string): Promise<ProtectionStatus> {
    return this.withNotFound(machineId, () =>
      this.answered(machineId, 'status', () => this.handleFor(machineId).query(protectionStatusQuery)),
    );
  }

  /** One page of the protections, newest first (InvalidPageTokenError for a token not from this list). */
  async listPage(page: { pageSize?: number; pageToken?: string } = {}): Promise<ProtectionPage> {
    const { infos, nextPageToken } = await visibilityPage(this.client, PROTECTIONS_QUERY, page);
    return {
      protections: infos.map((info) => ({
        machineId: keyOfWorkflowId('protectMachine', info.workflowId),
        workflowId: info.workflowId,
        runId: info.runId,
        stage: info.typedSearchAttributes.get(MIGRATION_STAGE) as ProtectionStage | undefined,
        scenario: info.typedSearchAttributes.get(SOURCE_PLATFORM),
        wave: info.typedSearchAttributes.get(MIGRATION_WAVE),
        executionStatus: info.status.name,
        startTime: info.startTime,
        closeTime: info.closeTime,
      })),
      nextPageToken,
    };
  }

  runDrill(machineId: string, payload: ProtectionDecisionInput<'runDrill'>, options?: DecisionOptions) {
    return this.decide(machineId, 'runDrill', payload, options);
  }
  approveDrill(machineId: string, payload: ProtectionDecisionInput<'approveDrill'>, options?: DecisionOptions) {
    return this.decide(machineId, 'approveDrill', payload, options);
  }
  abortDrill(machineId: string, payload: ProtectionDecisionInput<'abortDrill'>, options?: DecisionOptions) {
    return this.decide(machineId, 'abortDrill', payload, options);
  }
  failover(machineId: string, payload: ProtectionDecisionInput<'failover'>, options?: DecisionOptions) {
    return this.decide(machineId, 'failover', payload, options);
  }
  changeRecoveryPoint(machineId: string, payload: ProtectionDecisionInput<'changeRecoveryPoint'>, options?: DecisionOptions) {
    return this.decide(machineId, 'changeRecoveryPoint', payload, options);
  }
  commit(machineId: string, payload: ProtectionDecisionInput<'commit'>, options?: DecisionOptions) {
    return this.decide(machineId, 'commit', payload, options);
  }
  reprotect(machineId: string, payload: ProtectionDecisionInput<'reprotect'>, options?: DecisionOptions) {
    return this.decide(machineId, 'reprotect', payload, options);
  }
  failback(machineId: string, payload: ProtectionDecisionInput<'failback'>, options?: DecisionOptions) {
    return this.decide(machineId, 'failback', payload, options);
  }
  convertToMigration(machineId: string, payload: ProtectionDecisionInput<'convertToMigration'>, options?: DecisionOptions) {
    return this.decide(machineId, 'convertToMigration', payload, options);
  }
  stopProtection(machineId: string, payload: ProtectionDecisionInput<'stopProtection'>, options?: DecisionOptions) {
    return this.decide(machineId, 'stopProtection', payload, options);
  }

  /**
   * Sends one decision, validated first with the shared schema (InvalidDecisionError). As an update (default):
   * the status once the workflow acted on it, or DecisionRejectedError with the workflow's reason. As a
   * signal: undefined once the server has it; the workflow records whether it accepted it.
   */
  async decide<N extends ProtectionDecisionName>(
    machineId: string,
    decision: N,
    payload: ProtectionDecisionInput<N>,
    options: DecisionOptions = {},
  ): Promise<ProtectionStatus | undefined> {
    if (!isProtectionDecisionName(decision)) throw new UnknownProtectionDecisionError(decision);
    const parsed = parseProtectionDecision(decision, payload);
    if (!parsed.success) throw new InvalidDecisionError(decision, parsed.issues);
    // Signed decisions: the API's proof travels beside the payload's fields, as a migration's does.
    const checked = options.proof ? { ...parsed.data.payload, proof: options.proof } : parsed.data.payload;
    const via = options.via ?? 'update';
    if (via !== 'update' && via !== 'signal') throw new RangeError(`via must be 'update' or 'signal', got ${shownText(via)}`);
    const handle = this.handleFor(machineId);
    return this.withNotFound(
      machineId,
      async () => {
        if (via === 'signal') {
          await handle.signal<[unknown]>(PROTECTION_SIGNALS[decision], checked);
          return undefined;
        }
        return this.answered(machineId, decision, () =>
          executeDecisionUpdate<ProtectionStatus>(handle, PROTECTION_UPDATES[decision], checked, (reason, cause) => {
            return new DecisionRejectedError(machineId, decision, reason, ruleOf(cause));
          }),
        );
      },
      decision,
    );
  }

  handleFor(machineId: string): WorkflowHandle {
    return this.client.workflow.getHandle(workflowIdOf('protectMachine', machineId));
  }

  private answered<T>(machineId: string, action: string, call: () => Promise<T>): Promise<T> {
    return answeredWithin(
      this.client,
      this.answerTimeoutMs,
      call,
      () => new NoWorkerAnswerError(machineId, action, this.taskQueue, this.answerTimeoutMs),
    );
  }

  /** Turns "no such workflow" into ProtectionNotFoundError, and, for a decision, "already ended" into a rejected decision. */
  private withNotFound<T>(machineId: string, call: () => Promise<T>, decision?: ProtectionDecisionName): Promise<T> {
    return onRunningWorkflow(this.handleFor(machineId), call, {
      notFound: () => new ProtectionNotFoundError(machineId),
      ended: decision && ((stage) => new DecisionRejectedError(machineId, decision, `the protection has already ended (${stage})`)),
    });
  }
}
