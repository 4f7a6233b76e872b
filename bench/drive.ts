import { setTimeout as sleep } from 'node:timers/promises';
import type { Client, WorkflowHandle } from '@temporalio/client';
import type { temporal } from '@temporalio/proto';
import { MigrationClient } from '../client';
import { mapWithConcurrency } from '../client/concurrency';
import type { SearchAttributePair } from '@temporalio/common';
import { parseMigrationRequest, type MigrationRequest, type MigrationRequestInput } from '../common/migration-request';
import { workflowIdFor } from '../common/ids';
import type { Stage } from '../common/stages';
import { visibilityQueryFor } from '../client/list-query';
import { initialSearchAttributes, MIGRATION_WAVE } from '../common/search-attributes';
import type { Flavour } from './bench-stack';
import { FINDABLE_FLOOR_WORKFLOW, FLOOR_APPROVAL_STAGE, FLOOR_WORKFLOW, VISIBLE_FLOOR_WORKFLOW } from './floor-workflow';
import { findableFloorQuery, waitingKey, type Approval, type Waiting, type WaitingFinder } from './floor-waiting';

/** Two approvers: under the four-eyes rule whoever approved the test does not approve the cutover. */
const APPROVERS = {
  approveTestFailover: { by: 'bench-tester', comment: 'automatic approval by npm run bench' },
  approveFailover: { by: 'bench-operator', comment: 'automatic approval by npm run bench' },
} as const;
/** Starts in flight at once, as MigrationClient.startBatch does. */
export const START_CONCURRENCY = 8;
/** Approvals in flight at once, for both flavours. */
const DECISION_CONCURRENCY = 32;
/** Results awaited at once (each a long poll on the server), for both flavours. */
const RESULT_CONCURRENCY = 32;
/** How often the operator lists the migrations waiting for an approval. */
const OPERATOR_POLL_MS = 250;
/** The floor's workflow ids: its machine id behind this prefix. */
export const FLOOR_ID_PREFIX = 'floor-';

export type FloorWorkflow = typeof FLOOR_WORKFLOW | typeof FINDABLE_FLOOR_WORKFLOW | typeof VISIBLE_FLOOR_WORKFLOW;

export interface FleetOptions {
  /** The floor's workflow type (FLOOR_WORKFLOW unless it must be findable by visibility, or write what siteshift writes). */
  floorWorkflow?: FloorWorkflow;
  /** How the operator finds the migrations waiting for an approval: siteshift lists them by stage; the floor needs one. */
  findWaiting?: WaitingFinder;
}

/** A fleet of one flavour on its own task queue: how to start it, approve it and wait for it. */
export class Fleet {
  readonly migrations: MigrationClient;
  /** Requests the operator sent the server to find the waiting migrations (lists, or the floor's describes). */
  operatorFindRequests = 0;
  constructor(
    readonly flavour: Flavour,
    readonly client: Client,
    readonly taskQueue: string,
    readonly requests: MigrationRequestInput[],
    private readonly options: FleetOptions = {},
  ) {
    this.migrations = new MigrationClient(client, taskQueue);
  }

  private get floorWorkflow(): string {
    return this.options.floorWorkflow ?? FLOOR_WORKFLOW;
  }

  handle(machineId: string): WorkflowHandle {
    return this.client.workflow.getHandle(this.flavour === 'floor' ? `${FLOOR_ID_PREFIX}${machineId}` : workflowIdFor(machineId));
  }

  /**
   * Starts every migration (siteshift through MigrationClient, the floor through the plain client; the
   * findable floor with its wave as a search attribute, the visible floor with all that siteshift's start sets)
   * and returns each start's latency in ms.
   */
  async start(requests = this.requests, concurrency = START_CONCURRENCY): Promise<number[]> {
    return mapWithConcurrency(requests, concurrency, async (request) => {
      const began = performance.now();
      if (this.flavour === 'siteshift') {
        await this.migrations.startMigration(request);
      } else {
        const parsed = parseMigrationRequest(request);
        const searchAttributes = this.floorSearchAttributes(parsed);
        await this.client.workflow.start(this.floorWorkflow, {
          taskQueue: this.taskQueue,
          workflowId: `${FLOOR_ID_PREFIX}${request.machineId}`,
          args: [parsed],
          ...(searchAttributes.length > 0 ? { typedSearchAttributes: searchAttributes } : {}),
        });
      }
      return performance.now() - began;
    });
  }

  private floorSearchAttributes(request: MigrationRequest): SearchAttributePair[] {
    if (this.floorWorkflow === VISIBLE_FLOOR_WORKFLOW) return initialSearchAttributes(request);
    if (this.floorWorkflow === FINDABLE_FLOOR_WORKFLOW && request.wave !== undefined) return [{ key: MIGRATION_WAVE, value: request.wave }];
    return [];
  }

  /**
   * Plays the operator until `stop` is aborted, the same way for both flavours: every OPERATOR_POLL_MS it finds
   * the migrations that wait for one of `approvals` (siteshift: a visibility query per stage, narrowed to the
   * wave; the floor: its `findWaiting`) and sends each its approval once, as an Update, without waiting for
   * the answers of the others. Both refuse an approval outside its stage, so this is as soon as it is accepted.
   */
  async operate(approvals: Approval[], stop: AbortSignal): Promise<void> {
    const findWaiting = this.flavour === 'siteshift' ? this.listWaiting.bind(this) : this.options.findWaiting;
    if (!findWaiting) throw new Error('the floor fleet has no way to find its waiting migrations (FleetOptions.findWaiting)');
    const sent = new Set<string>();
    const inFlight = new Set<Promise<unknown>>();
    while (!stop.aborted) {
      const found = await findWaiting(approvals, sent);
      this.operatorFindRequests += found.requests;
      for (const { machineId, approval } of found.waiting) {
        const key = waitingKey({ machineId, approval });
        if (sent.has(key)) continue;
        sent.add(key);
        while (inFlight.size >= DECISION_CONCURRENCY) await Promise.race(inFlight);
        const answer: Promise<unknown> = this.approve(machineId, approval)
          // Refused only when the finder was behind (already approved) or Temporal failed: it is found again if it still waits.
          .catch(() => sent.delete(key))
          .finally(() => inFlight.delete(answer));
        inFlight.add(answer);
      }
      await sleep(OPERATOR_POLL_MS, undefined, { signal: stop }).catch(() => undefined);
    }
    await Promise.all(inFlight);
  }

  private async listWaiting(approvals: Approval[]): Promise<{ waiting: Waiting[]; requests: number }> {
    const wave = this.requests[0].wave!;
    const waiting: Waiting[] = [];
    for (const approval of approvals)
      for (const { machineId } of await this.migrations.list({ wave, stage: FLOOR_APPROVAL_STAGE[approval] }))
        waiting.push({ machineId, approval });
    return { waiting, requests: approvals.length };
  }

  private async approve(machineId: string, approval: Approval): Promise<unknown> {
    if (this.flavour === 'siteshift') return this.migrations.decide(machineId, approval, APPROVERS[approval]);
    return this.handle(machineId).executeUpdate(approval, { args: [APPROVERS[approval]] });
  }

  /**
   * Runs the fleet to its end, the same way for both flavours: the operator approves each migration as soon as
   * it waits, and every result is awaited.
   */
  async complete(timeoutMs: number): Promise<void> {
    const stop = new AbortController();
    const operator = this.operate(['approveTestFailover', 'approveFailover'], stop.signal);
    try {
      const results = mapWithConcurrency(this.requests, RESULT_CONCURRENCY, ({ machineId }) => this.handle(machineId).result());
      await withTimeout(results, timeoutMs, `${this.flavour} fleet not done within ${timeoutMs / 1000} s`);
    } finally {
      stop.abort();
      await operator;
    }
  }

  /**
   * Waits until the wave has `expected` migrations in each stage (visibility counts, not a list of thousands);
   * `onCount` hears the total in those stages at every look.
   */
  async waitForStages(expected: Partial<Record<Stage, number>>, timeoutMs: number, onCount?: (total: number) => void): Promise<void> {
    const deadline = Date.now() + timeoutMs;
    let seen: string[] = [];
    while (Date.now() < deadline) {
      const counts = await this.countByStage(expected);
      seen = counts.map(([stage, n, count]) => `${stage} ${count}/${n}`);
      onCount?.(totalCount(counts));
      if (counts.every(([, n, count]) => count === n)) return;
      await sleep(2000);
    }
    throw new Error(`${this.flavour} fleet not parked within ${Math.round(timeoutMs / 1000)} s: ${seen.join(', ')}`);
  }

  /** The wave's migrations in each of these stages (visibility counts), with the number expected there. */
  async countByStage(expected: Partial<Record<Stage, number>>): Promise<(readonly [Stage, number, number])[]> {
    const wave = this.requests[0].wave!;
    return Promise.all(
      (Object.entries(expected) as [Stage, number][]).map(
        async ([stage, n]) => [stage, n, (await this.client.workflow.count(this.stageQuery(wave, stage))).count] as const,
      ),
    );
  }

  /** The visibility query for the wave's migrations in a stage (the floor's: findable floors only). */
  private stageQuery(wave: string, stage: Stage): string {
    return this.flavour === 'siteshift' ? visibilityQueryFor({ wave, stage }) : findableFloorQuery(wave, stage);
  }

  /** The history of each migration. */
  async histories(requests = this.requests): Promise<temporal.api.history.v1.IHistoryEvent[][]> {
    return mapWithConcurrency(requests, 16, async ({ machineId }) => (await this.handle(machineId).fetchHistory()).events ?? []);
  }
}

/** The migrations counted over every stage of a countByStage answer. */
export function totalCount(counts: (readonly [Stage, number, number])[]): number {
  return counts.reduce((total, [, , count]) => total + count, 0);
}

export function percentile(values: number[], p: number): number {
  if (values.length === 0) return NaN;
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)];
}

/** p50, p95 and the largest of some values (ms), and how many. */
export function spread(values: number[]): { count: number; p50: number; p95: number; max: number } {
  return { count: values.length, p50: percentile(values, 50), p95: percentile(values, 95), max: Math.max(...values) };
}

export function mean(values: number[]): number {
  return values.reduce((sum, v) => sum + v, 0) / Math.max(1, values.length);
}

async function withTimeout<T>(work: Promise<T>, ms: number, message: string): Promise<T> {
  const timeout = new AbortController();
  try {
    return await Promise.race([
      work,
      sleep(ms, undefined, { signal: timeout.signal }).then(() => {
        throw new Error(message);
      }),
    ]);
  } finally {
    timeout.abort();
  }
}
