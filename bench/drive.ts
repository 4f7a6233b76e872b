import { setTimeout as sleep } from 'node:timers/promises';
import type { Client, WorkflowHandle } from '@temporalio/client';
import { MigrationClient } from '../client';
import { mapWithConcurrency } from '../client/concurrency';
import { parseMigrationRequest, type MigrationRequestInput } from '../common/migration-request';
import { workflowIdFor } from '../common/ids';
import type { Stage } from '../common/stages';
import { visibilityQueryFor } from '../client/list-query';
import type { Flavour } from './bench-stack';
import { FLOOR_WORKFLOW } from './floor-workflow';

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
const APPROVAL_STAGE = { approveTestFailover: 'AwaitingTestApproval', approveFailover: 'AwaitingFailoverApproval' } as const;
type Approval = keyof typeof APPROVAL_STAGE;

/** A fleet of one flavour on its own task queue: how to start it, approve it and wait for it. */
export class Fleet {
  readonly migrations: MigrationClient;
  constructor(
    readonly flavour: Flavour,
    readonly client: Client,
    readonly taskQueue: string,
    readonly requests: MigrationRequestInput[],
  ) {
    this.migrations = new MigrationClient(client, taskQueue);
  }

  handle(machineId: string): WorkflowHandle {
    return this.client.workflow.getHandle(this.flavour === 'floor' ? `floor-${machineId}` : workflowIdFor(machineId));
  }

  /**
   * Starts every migration (siteshift through MigrationClient, the floor through the plain client) and
   * returns each start's latency in ms. The floor gets its two approvals at once: it accepts them in any
   * stage and has no search attribute to find it by, which favours the floor in the comparison.
   */
  async start(requests = this.requests, concurrency = START_CONCURRENCY): Promise<number[]> {
    return mapWithConcurrency(requests, concurrency, async (request) => {
      const began = performance.now();
      if (this.flavour === 'siteshift') {
        await this.migrations.startMigration(request);
      } else {
        await this.client.workflow.start(FLOOR_WORKFLOW, {
          taskQueue: this.taskQueue,
          workflowId: `floor-${request.machineId}`,
          args: [parseMigrationRequest(request)],
        });
      }
      return performance.now() - began;
    });
  }

  async approveFloor(): Promise<void> {
    await mapWithConcurrency(this.requests, DECISION_CONCURRENCY, async ({ machineId }) => {
      for (const update of ['approveTestFailover', 'approveFailover'] as const)
        await this.handle(machineId).executeUpdate(update, { args: [APPROVERS[update]] });
    });
  }

  /**
   * Plays the operator for siteshift until `stop` is aborted: every OPERATOR_POLL_MS it lists the migrations
   * of the wave that wait for one of `approvals` (a visibility query narrowed to that stage, so the answer
   * holds only those) and sends each its approval once, as an Update, without waiting for the answers of
   * the others. siteshift refuses an approval outside its stage, so this is as soon as it is accepted.
   */
  async operate(approvals: Approval[], stop: AbortSignal): Promise<void> {
    const wave = this.requests[0].wave!;
    const sent = new Set<string>();
    const inFlight = new Set<Promise<unknown>>();
    while (!stop.aborted) {
      for (const decision of approvals) {
        for (const { machineId } of await this.migrations.list({ wave, stage: APPROVAL_STAGE[decision] })) {
          const key = `${machineId}/${decision}`;
          if (sent.has(key)) continue;
          sent.add(key);
          while (inFlight.size >= DECISION_CONCURRENCY) await Promise.race(inFlight);
          const answer: Promise<unknown> = this.migrations
            .decide(machineId, decision, APPROVERS[decision])
            // Refused only when the list was behind (already approved) or Temporal failed: it is listed again if it still waits.
            .catch(() => sent.delete(key))
            .finally(() => inFlight.delete(answer));
          inFlight.add(answer);
        }
      }
      await sleep(OPERATOR_POLL_MS, undefined, { signal: stop }).catch(() => undefined);
    }
    await Promise.all(inFlight);
  }

  /**
   * Runs the fleet to its end, the same way for both flavours: the operator approves (the floor at once, as it
   * accepts its approvals in any stage; siteshift as soon as each migration waits), and every result is awaited.
   */
  async complete(timeoutMs: number): Promise<void> {
    const stop = new AbortController();
    const operator = this.flavour === 'floor' ? this.approveFloor() : this.operate(['approveTestFailover', 'approveFailover'], stop.signal);
    try {
      const results = mapWithConcurrency(this.requests, RESULT_CONCURRENCY, ({ machineId }) => this.handle(machineId).result());
      await withTimeout(results, timeoutMs, `${this.flavour} fleet not done within ${timeoutMs / 1000} s`);
    } finally {
      stop.abort();
      await operator;
    }
  }

  /** Waits until the wave has `expected` migrations in each stage (visibility counts, not a list of thousands). */
  async waitForStages(expected: Partial<Record<Stage, number>>, timeoutMs: number): Promise<void> {
    const wave = this.requests[0].wave!;
    const deadline = Date.now() + timeoutMs;
    let seen: string[] = [];
    while (Date.now() < deadline) {
      const counts = await Promise.all(
        Object.entries(expected).map(
          async ([stage, n]) =>
            [stage, n, (await this.client.workflow.count(visibilityQueryFor({ wave, stage: stage as Stage }))).count] as const,
        ),
      );
      seen = counts.map(([stage, n, count]) => `${stage} ${count}/${n}`);
      if (counts.every(([, n, count]) => count === n)) return;
      await sleep(2000);
    }
    throw new Error(`${this.flavour} fleet not parked within ${Math.round(timeoutMs / 1000)} s: ${seen.join(', ')}`);
  }

  /** History length of each migration. */
  async historyEvents(requests = this.requests): Promise<number[]> {
    return mapWithConcurrency(requests, 16, async ({ machineId }) => (await this.handle(machineId).fetchHistory()).events?.length ?? 0);
  }
}

export function percentile(values: number[], p: number): number {
  if (values.length === 0) return NaN;
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)];
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
