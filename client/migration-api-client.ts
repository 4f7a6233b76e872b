import type { ApiClientSettings } from '../config/api-client';
import { isDecisionName, type DecisionName } from '../common/decisions';
import type { MigrationStatus } from '../common/migration-status';
import { isProtectionDecisionName, type ProtectionDecisionName } from '../common/protection-decisions';
import { parseProtectionRequest } from '../common/protection-request';
import type { ProtectionStatus } from '../common/protection-status';
import {
  ApiProblemError,
  ApiUnreachableError,
  DecisionRejectedError,
  InvalidBatchError,
  MigrationNotFoundError,
  ProtectionNotFoundError,
  UnknownDecisionError,
  UnknownProtectionDecisionError,
  type BatchItemIssues,
} from './errors';
import type { ListFilter } from './list-query';
import type { BatchItemResult, MigrationPage, MigrationSummary } from './migration-client';
import { validateMigrationRequests } from './validate-batch';
import { shownText } from '../common/field-issues';
import { isWaveDecisionName, type WaveDecisionName } from '../common/wave-decisions';
import { InvalidWaveRequestError, parseWaveRequest } from '../common/wave-request';
import type { WaveStatus } from '../common/wave-status';
import { WaveAlreadyRunningError, WaveDecisionRejectedError, WaveNotFoundError, WaveStartRefusedError } from './wave-errors';

/** The largest page the API serves (api/migration-routes.ts MAX_PAGE_SIZE). */
const LIST_PAGE_SIZE = 1000;
const REQUEST_TIMEOUT_MS = 60_000;

type Problem = { title?: string; detail?: string; invalid?: BatchItemIssues[]; [key: string]: unknown };

/** A decision the API answered as refused: 409 (the workflow refused it) or 403 naming a rule (four-eyes, signed decisions). */
function isDecisionRefusal(error: unknown): error is ApiProblemError {
  return error instanceof ApiProblemError && (error.status === 409 || (error.status === 403 && error.problem.rule !== undefined));
}

/** The rule a 403 names (common/decision-policy.ts), if any. */
function ruleNamed(error: ApiProblemError): string | undefined {
  return typeof error.problem.rule === 'string' ? error.problem.rule : undefined;
}

/**
 * The siteshift HTTP API as a client: the same calls and errors as MigrationClient for what the API offers,
 * for callers that hold a token rather than access to Temporal (the CLI with SITESHIFT_API_URL, scripts).
 * Decisions carry no `by`: the API takes the identity from the token.
 */
export class MigrationApiClient {
  constructor(private readonly settings: ApiClientSettings) {}

  async close(): Promise<void> {}

  /** Starts every request, or none when any is invalid (InvalidBatchError, checked here first, then by the API). */
  async startBatch(inputs: readonly unknown[]): Promise<BatchItemResult[]> {
    validateMigrationRequests(inputs);
    const { results } = await this.call<{ results: BatchItemResult[] }>('POST', '/v1/migrations', [...inputs]);
    return results;
  }

  async status(machineId: string): Promise<MigrationStatus> {
    return this.call<MigrationStatus>('GET', `/v1/migrations/${encodeURIComponent(machineId)}`, undefined, migrationNotFound(machineId));
  }

  async listPage(filter: ListFilter = {}, page: { pageSize?: number; pageToken?: string } = {}): Promise<MigrationPage> {
    const query = new URLSearchParams();
    for (const [key, value] of Object.entries({ ...filter, ...page })) if (value !== undefined) query.set(key, String(value));
    const answer = await this.call<{
      migrations: (MigrationSummary & { startTime: string; closeTime?: string })[];
      nextPageToken?: string;
    }>('GET', `/v1/migrations?${query}`);
    return {
      migrations: answer.migrations.map((m) => ({
        ...m,
        startTime: new Date(m.startTime),
        closeTime: m.closeTime === undefined ? undefined : new Date(m.closeTime),
      })),
      nextPageToken: answer.nextPageToken,
    };
  }

  async list(filter: ListFilter = {}): Promise<MigrationSummary[]> {
    const all: MigrationSummary[] = [];
    let pageToken: string | undefined;
    do {
      const page = await this.listPage(filter, { pageSize: LIST_PAGE_SIZE, pageToken });
      all.push(...page.migrations);
      pageToken = page.nextPageToken;
    } while (pageToken);
    return all;
  }

  /** Sends a decision as the token's identity: the new status, or DecisionRejectedError with the workflow's (or a rule's) reason. */
  async decide(machineId: string, decision: DecisionName, payload: Record<string, unknown> = {}): Promise<MigrationStatus> {
    if (!isDecisionName(decision)) throw new UnknownDecisionError(decision);
    try {
      return await this.call<MigrationStatus>(
        'POST',
        `/v1/migrations/${encodeURIComponent(machineId)}/decisions/${decision}`,
        payload,
        migrationNotFound(machineId),
      );
    } catch (error) {
      // 409: the workflow refused it; 403 with a rule: four-eyes and the like refused it before it was sent.
      if (isDecisionRefusal(error)) {
        throw new DecisionRejectedError(machineId, decision, error.problem.detail ?? error.message, ruleNamed(error));
      }
      throw error;
    }
  }

  /**
   * Starts a wave (validated here first, then by the API) as the token's identity: WaveAlreadyRunningError, or
   * WaveStartRefusedError with the wave's reason (e.g. a machine already migrating), when it did not start.
   */
  async startWave(input: unknown): Promise<{ wave: string; workflowId: string; status: WaveStatus }> {
    const request = parseWaveRequest(input);
    try {
      return await this.call('POST', '/v1/waves', request);
    } catch (error) {
      if (!(error instanceof ApiProblemError)) throw error;
      if (error.status === 400 && Array.isArray(error.problem.errors)) throw new InvalidWaveRequestError(error.problem.errors);
      if (error.status !== 409) throw error;
      if (error.problem.reason === WaveAlreadyRunningError.name) throw new WaveAlreadyRunningError(request.name);
      throw new WaveStartRefusedError(request.name, error.problem.detail ?? error.message, String(error.problem.reason ?? ''));
    }
  }

  async waveStatus(wave: string): Promise<WaveStatus> {
    return this.waveCall(wave, () => this.call<WaveStatus>('GET', `/v1/waves/${encodeURIComponent(wave)}`));
  }

  /** Sends a wave decision as the token's identity: the wave's status, or WaveDecisionRejectedError with its reason. */
  async decideWave(wave: string, decision: WaveDecisionName, payload: Record<string, unknown> = {}): Promise<WaveStatus> {
    if (!isWaveDecisionName(decision)) throw new Error(`Unknown wave decision ${shownText(decision)}`);
    return this.waveCall(wave, async () => {
      try {
        return await this.call<WaveStatus>('POST', `/v1/waves/${encodeURIComponent(wave)}/decisions/${decision}`, payload);
      } catch (error) {
        if (isDecisionRefusal(error)) {
          throw new WaveDecisionRejectedError(wave, decision, error.problem.detail ?? error.message);
        }
        throw error;
      }
    });
  }

  private async waveCall<T>(wave: string, call: () => Promise<T>): Promise<T> {
    try {
      return await call();
    } catch (error) {
      if (error instanceof ApiProblemError && error.status === 404) throw new WaveNotFoundError(wave);
      throw error;
    }
  }

  /**
   * Disaster recovery through the API (`/v1/protections`), with ProtectionClient's answers and errors: what the
   * CLI's `protect` commands use with SITESHIFT_API_URL. Decisions carry no `by` (the token's identity) and are
   * always updates.
   */
  readonly protections = {
    /** Validates the request here first (InvalidProtectionRequestError), then starts it as the token's identity. */
    start: async (input: unknown): Promise<{ machineId: string; workflowId: string; alreadyRunning: boolean }> => {
      parseProtectionRequest(input);
      const answer = await this.call<{ machineId: string; workflowId: string; outcome: 'started' | 'alreadyRunning' }>(
        'POST',
        '/v1/protections',
        input,
      );
      return { machineId: answer.machineId, workflowId: answer.workflowId, alreadyRunning: answer.outcome === 'alreadyRunning' };
    },
    status: (machineId: string): Promise<ProtectionStatus> =>
      this.call<ProtectionStatus>('GET', `/v1/protections/${encodeURIComponent(machineId)}`, undefined, protectionNotFound(machineId)),
    decide: async (machineId: string, decision: ProtectionDecisionName, payload: Record<string, unknown>): Promise<ProtectionStatus> => {
      if (!isProtectionDecisionName(decision)) throw new UnknownProtectionDecisionError(decision);
      try {
        return await this.call<ProtectionStatus>(
          'POST',
          `/v1/protections/${encodeURIComponent(machineId)}/decisions/${decision}`,
          payload,
          protectionNotFound(machineId),
        );
      } catch (error) {
        if (isDecisionRefusal(error)) {
          throw new DecisionRejectedError(machineId, decision, error.problem.detail ?? error.message, ruleNamed(error));
        }
        throw error;
      }
    },
  };

  private async call<T>(method: 'GET' | 'POST', path: string, body?: unknown, notFound?: () => Error): Promise<T> {
    const url = `${this.settings.url}${path}`;
    let response: Response;
    try {
      response = await fetch(url, {
        method,
        headers: {
          authorization: `Bearer ${this.settings.token}`,
          accept: 'application/json, application/problem+json',
          ...(body === undefined ? {} : { 'content-type': 'application/json' }),
        },
        body: body === undefined ? undefined : JSON.stringify(body),
        signal: AbortSignal.timeout(REQUEST_TIMEOUT_MS),
      });
    } catch (error) {
      const cause = (error as { cause?: { code?: string } }).cause?.code ?? (error as Error).name;
      throw new ApiUnreachableError(this.settings.url, cause);
    }
    const text = await response.text();
    const answer = text ? (JSON.parse(text) as unknown) : undefined;
    if (response.ok) return answer as T;
    const problem = (answer ?? {}) as Problem;
    if (response.status === 404 && notFound) throw notFound();
    if (response.status === 400 && Array.isArray(problem.invalid)) throw new InvalidBatchError(problem.invalid);
    throw new ApiProblemError(response.status, problem);
  }
}

const migrationNotFound = (machineId: string) => () => new MigrationNotFoundError(machineId);
const protectionNotFound = (machineId: string) => () => new ProtectionNotFoundError(machineId);
