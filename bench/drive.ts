import type { Client, WorkflowHandle } from '@temporalio/client';
import { MigrationClient } from '../client';
import { mapWithConcurrency } from '../client/concurrency';
import { parseMigrationRequest, type MigrationRequestInput } from '../common/migration-request';
import { workflowIdFor } from '../common/ids';
import type { Flavour } from './bench-stack';
import { FLOOR_WORKFLOW } from './floor-workflow';

/** Two approvers: under the four-eyes rule whoever approved the test does not approve the cutover. */
const APPROVERS = {
  approveTestFailover: { by: 'bench-tester', comment: 'automatic approval by npm run bench' },
  approveFailover: { by: 'bench-operator', comment: 'automatic approval by npm run bench' },
} as const;
/** Starts in flight at once, as MigrationClient.startBatch does. */
const START_CONCURRENCY = 8;

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
  async start(requests = this.requests): Promise<number[]> {
    return mapWithConcurrency(requests, START_CONCURRENCY, async (request) => {
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
    await mapWithConcurrency(this.requests, 16, async ({ machineId }) => {
      for (const update of ['approveTestFailover', 'approveFailover'] as const)
        await this.handle(machineId).executeUpdate(update, { args: [APPROVERS[update]] });
    });
  }

  /**
   * Plays the operator for siteshift until `done` holds for the fleet: approves whatever waits (found by
   * search attribute, as a person would), test approvals only when `approveFailover` is false.
   */
  async operate(options: { approveFailover: boolean; done: (stages: Map<string, string>) => boolean; timeoutMs: number }): Promise<void> {
    const deadline = Date.now() + options.timeoutMs;
    const wave = this.requests[0].wave!;
    while (Date.now() < deadline) {
      const fleet = await this.migrations.list({ wave });
      const stages = new Map(fleet.map((m) => [m.machineId, m.executionStatus === 'RUNNING' ? (m.stage ?? '') : m.executionStatus]));
      const waiting = fleet.filter(
        (m) => m.stage === 'AwaitingTestApproval' || (options.approveFailover && m.stage === 'AwaitingFailoverApproval'),
      );
      await mapWithConcurrency(
        waiting,
        16,
        (m) => this.migrations.decide(m.machineId, ...approvalFor(m.stage)).catch(() => undefined), // visibility lags a little: a decision already taken is rejected, harmlessly
      );
      if (options.done(stages)) return;
      // Listing thousands of migrations loads the server too: once a second per 5,000.
      await new Promise((resolve) => setTimeout(resolve, Math.max(1000, this.requests.length / 5)));
    }
    throw new Error(`${this.flavour} fleet not done within ${options.timeoutMs / 1000} s`);
  }

  /** Runs the fleet to its end: siteshift with the operator, the floor by awaiting its results. */
  async complete(timeoutMs: number): Promise<void> {
    if (this.flavour === 'floor') {
      await this.approveFloor();
      await mapWithConcurrency(this.requests, 32, ({ machineId }) => this.handle(machineId).result());
      return;
    }
    const total = this.requests.length;
    await this.operate({
      approveFailover: true,
      timeoutMs,
      done: (stages) => stages.size === total && [...stages.values()].every((s) => s === 'COMPLETED'),
    });
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

/** The approval a migration waiting in `stage` needs, with its approver. */
function approvalFor(stage: string | undefined) {
  const decision = stage === 'AwaitingTestApproval' ? 'approveTestFailover' : 'approveFailover';
  return [decision, APPROVERS[decision]] as const;
}
