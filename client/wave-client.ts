import { Client, type WorkflowHandle } from '@temporalio/client';
import { workflowIdOf } from '../common/ids';
import { MIGRATION_WAVE, WAVE_STAGE } from '../common/search-attributes';
import { parseWaveDecision, WAVE_DECISION_NAMES, type WaveDecisionName, type WaveDecisionPayload } from '../common/wave-decisions';
import { parseWaveRequest, type WaveRequest } from '../common/wave-request';
import type { WaveStatus } from '../common/wave-status';
import { shownText } from '../common/field-issues';
import { InvalidWaveDecisionError, WaveAlreadyRunningError, WaveDecisionRejectedError, WaveNotFoundError } from './wave-errors';
import { taskQueueFromEnv as configuredTaskQueue } from '../config/task-queue';
import { MIGRATE_WAVE_WORKFLOW, WAVE_DECISION_SIGNALS, WAVE_DECISION_UPDATES, waveStatusQuery } from '../workflows/wave-definitions';
import { executeDecisionUpdate, ruleOf } from './decision-update';
import { onRunningWorkflow } from './ended-workflow';
import type { DecisionOptions } from './migration-client';

export { InvalidWaveDecisionError, WaveAlreadyRunningError, WaveDecisionRejectedError, WaveNotFoundError };

/** The typed way services and the CLI drive `migrateWave` workflows (id `wave-<name>`). */
export class WaveClient {
  constructor(
    readonly client: Client,
    readonly taskQueue: string = configuredTaskQueue(),
  ) {}

  /** Validates the wave request (InvalidWaveRequestError naming each bad field) and starts the wave. */
  async startWave(input: unknown): Promise<{ wave: string; workflowId: string; handle: WorkflowHandle }> {
    const request: WaveRequest = parseWaveRequest(input);
    const workflowId = workflowIdOf('migrateWave', request.name);
    try {
      const handle = await this.client.workflow.start(MIGRATE_WAVE_WORKFLOW, {
        workflowId,
        taskQueue: this.taskQueue,
        args: [request],
        workflowIdConflictPolicy: 'FAIL',
        typedSearchAttributes: [
          { key: MIGRATION_WAVE, value: request.name },
          { key: WAVE_STAGE, value: 'Checking' },
        ],
      });
      return { wave: request.name, workflowId, handle };
    } catch (error) {
      if ((error as Error).name === 'WorkflowExecutionAlreadyStartedError') throw new WaveAlreadyRunningError(request.name);
      throw error;
    }
  }

  handle(wave: string): WorkflowHandle {
    return this.client.workflow.getHandle(workflowIdOf('migrateWave', wave));
  }

  /** The wave's status (its last run's, once it ended). */
  async waveStatus(wave: string): Promise<WaveStatus> {
    // A query replays a closed wave too (a refused one registers its status before failing).
    return this.withNotFound(wave, () => this.handle(wave).query(waveStatusQuery));
  }

  async approveWaveTest(wave: string, payload: WaveDecisionPayload<'approveWaveTest'>, options?: DecisionOptions) {
    return this.decide(wave, 'approveWaveTest', payload, options);
  }
  async requestWaveRetest(wave: string, payload: WaveDecisionPayload<'requestWaveRetest'>, options?: DecisionOptions) {
    return this.decide(wave, 'requestWaveRetest', payload, options);
  }
  async approveWaveCutover(wave: string, payload: WaveDecisionPayload<'approveWaveCutover'>, options?: DecisionOptions) {
    return this.decide(wave, 'approveWaveCutover', payload, options);
  }
  async continueWave(wave: string, payload: WaveDecisionPayload<'continueWave'>, options?: DecisionOptions) {
    return this.decide(wave, 'continueWave', payload, options);
  }
  async abortWave(wave: string, payload: WaveDecisionPayload<'abortWave'>, options?: DecisionOptions) {
    return this.decide(wave, 'abortWave', payload, options);
  }

  /**
   * Sends a wave decision, validated first (InvalidWaveDecisionError). As an update (default): resolves with the
   * wave's status once it acted on it, or throws WaveDecisionRejectedError with the wave's reason.
   */
  async decide<N extends WaveDecisionName>(
    wave: string,
    decision: N,
    payload: WaveDecisionPayload<N>,
    options: DecisionOptions = {},
  ): Promise<WaveStatus | undefined> {
    if (!WAVE_DECISION_NAMES.includes(decision)) throw new Error(`Unknown wave decision ${shownText(decision)}`);
    const parsed = parseWaveDecision(decision, payload);
    if (!parsed.success) throw new InvalidWaveDecisionError(decision, parsed.issues);
    // Signed decisions: the API's proof travels beside the payload's fields, as a machine decision's does.
    const checked = options.proof ? { ...parsed.data.payload, proof: options.proof } : parsed.data.payload;
    const handle = this.handle(wave);
    return this.withNotFound(
      wave,
      async () => {
        if (options.via === 'signal') {
          await handle.signal<[unknown]>(WAVE_DECISION_SIGNALS[decision], checked);
          return undefined;
        }
        return executeDecisionUpdate<WaveStatus>(handle, WAVE_DECISION_UPDATES[decision], checked, (reason, cause) => {
          return new WaveDecisionRejectedError(wave, decision, reason, ruleOf(cause));
        });
      },
      decision,
    );
  }

  /** Waits for the wave to end; its final status (also when it ended Failed). */
  async waitForResult(wave: string): Promise<WaveStatus> {
    return this.withNotFound(wave, async () => {
      try {
        return (await this.handle(wave).result()) as WaveStatus;
      } catch {
        return this.waveStatus(wave);
      }
    });
  }

  /** Turns "no such workflow" into WaveNotFoundError, and, for a decision, "already ended" into a rejected decision. */
  private withNotFound<T>(wave: string, call: () => Promise<T>, decision?: WaveDecisionName): Promise<T> {
    return onRunningWorkflow(
      this.handle(wave),
      call,
      {
        notFound: () => new WaveNotFoundError(wave),
        ended: decision && ((stage) => new WaveDecisionRejectedError(wave, decision, `the wave has already ended (stage ${stage})`)),
      },
      WAVE_STAGE,
    );
  }
}
