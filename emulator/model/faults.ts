import { z } from 'zod';
import { JOB_SCENARIOS, type JobError, type JobScenario, type ProtectedItemState } from './state';

/** Fault injection, from startEmulator options, a JSON file, or POST /_emulator/faults. Deterministic for a given seed. */
export const FaultConfigSchema = z
  .object({
    seed: z.number().int().default(1),
    /** How a missing vault resource is answered: 404 ResourceNotFound, or ASR's 400 BadRequest with its code in details. */
    notFoundAs: z.enum(['404', '400']).default('404'),
    throttling: z
      .object({
        /** Share (0-1) of matching requests answered with `status`, drawn from the seeded generator. */
        probability: z.number().min(0).max(1).default(0),
        /** A storm: the next N matching requests are all answered with `status`. */
        nextRequests: z.number().int().nonnegative().default(0),
        /** A storm on every kind of call: the first request of each method and path (query ignored) is answered with `status`. */
        firstOfEach: z.boolean().default(false),
        status: z.union([z.literal(429), z.literal(503)]).default(429),
        retryAfterSeconds: z.number().int().nonnegative().default(1),
        /** Only these HTTP methods (default: all). */
        methods: z.array(z.string()).optional(),
        /** Only paths containing this text, case-insensitive (default: all ARM paths). */
        pathContains: z.string().optional(),
      })
      .strict()
      .optional(),
    /** Initial replication of these items never passes atPercent. `item` is the protected item or machine name. */
    stalledReplication: z
      .array(z.object({ item: z.string().min(1), atPercent: z.number().min(0).max(99).default(0) }).strict())
      .default([]),
    /** The job of this scenario fails for the item (every time, or the first `times` times). */
    failingJobs: z
      .array(
        z
          .object({
            item: z.string().min(1),
            scenario: z.enum(JOB_SCENARIOS),
            code: z.string().min(1).optional(),
            message: z.string().min(1).optional(),
            times: z.number().int().positive().optional(),
          })
          .strict(),
      )
      .default([]),
    /**
     * The request is carried out (its job starts) but the client never gets the 202: it gets a 503, or the
     * connection is reset. What a client sees when a response is lost; `times` defaults to 1.
     */
    droppedResponses: z
      .array(
        z
          .object({
            /** The swagger operationId, e.g. "ReplicationProtectedItems_Create". */
            operation: z.string().min(1),
            item: z.string().min(1).optional(),
            times: z.number().int().positive().default(1),
            as: z.enum(['503', 'reset']).default('503'),
          })
          .strict(),
      )
      .default([]),
    /**
     * Ongoing replication of these protected items runs at `factor` of the rate it needs (0: paused): from the moment
     * the fault is set, the backlog and hence the RPO grow; once it is lifted the backlog drains and the RPO recovers.
     */
    replicationThroughput: z.array(z.object({ item: z.string().min(1), factor: z.number().min(0).max(1) }).strict()).default([]),
    /** Jobs (hence long-running operations) take `factor` times longer; filters are optional. */
    slowOperations: z
      .array(
        z
          .object({ item: z.string().min(1).optional(), scenario: z.enum(JOB_SCENARIOS).optional(), factor: z.number().positive() })
          .strict(),
      )
      .default([]),
  })
  .strict();

export type FaultConfig = z.infer<typeof FaultConfigSchema>;
export type FaultConfigInput = z.input<typeof FaultConfigSchema>;

export function parseFaultConfig(input: unknown): FaultConfig {
  const result = FaultConfigSchema.safeParse(input ?? {});
  if (!result.success) {
    const lines = result.error.issues.map((i) => `${i.path.map(String).join('.') || '(faults)'}: ${i.message}`);
    throw new Error(`Invalid fault configuration: ${lines.join('; ')}`);
  }
  return result.data;
}

function matchesItem(pattern: string, item: Pick<ProtectedItemState, 'name' | 'machine'>): boolean {
  const p = pattern.toLowerCase();
  return item.name.toLowerCase() === p || item.machine.toLowerCase() === p;
}

/** mulberry32: small, seedable, good enough to pick which requests to throttle. */
function seededRandom(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

export interface Throttle {
  status: 429 | 503;
  retryAfterSeconds: number;
}

export class FaultInjector {
  private random: () => number;
  private stormLeft: number;
  /** Method and path of the requests already seen, for throttling.firstOfEach. */
  private seen = new Set<string>();

  constructor(
    private config: FaultConfig,
    /** Shared with the persisted state so `times` limits survive restarts. */
    private readonly uses: Record<string, number>,
  ) {
    this.random = seededRandom(config.seed);
    this.stormLeft = config.throttling?.nextRequests ?? 0;
  }

  get current(): FaultConfig {
    return this.config;
  }

  replace(config: FaultConfig): void {
    this.config = config;
    this.random = seededRandom(config.seed);
    this.stormLeft = config.throttling?.nextRequests ?? 0;
    this.seen = new Set();
  }

  throttleFor(method: string, path: string): Throttle | undefined {
    const t = this.config.throttling;
    if (!t) return undefined;
    if (t.methods && !t.methods.some((m) => m.toUpperCase() === method.toUpperCase())) return undefined;
    if (t.pathContains && !path.toLowerCase().includes(t.pathContains.toLowerCase())) return undefined;
    if (this.stormLeft > 0) {
      this.stormLeft -= 1;
      return { status: t.status, retryAfterSeconds: t.retryAfterSeconds };
    }
    const call = `${method.toUpperCase()} ${path.toLowerCase()}`;
    if (t.firstOfEach && !this.seen.has(call)) {
      this.seen.add(call);
      return { status: t.status, retryAfterSeconds: t.retryAfterSeconds };
    }
    if (t.probability > 0 && this.random() < t.probability) return { status: t.status, retryAfterSeconds: t.retryAfterSeconds };
    return undefined;
  }

  stallAtPercent(item: Pick<ProtectedItemState, 'name' | 'machine'>): number | undefined {
    return this.config.stalledReplication.find((s) => matchesItem(s.item, item))?.atPercent;
  }

  /** The failure to give a new job, if one is configured; consumes one use. */
  takeJobFailure(item: Pick<ProtectedItemState, 'name' | 'machine'>, scenario: JobScenario): JobError | undefined {
    const index = this.config.failingJobs.findIndex((f) => f.scenario === scenario && matchesItem(f.item, item));
    if (index < 0) return undefined;
    const fault = this.config.failingJobs[index];
    const key = `failingJobs:${fault.item.toLowerCase()}:${scenario}`;
    if (fault.times !== undefined && (this.uses[key] ?? 0) >= fault.times) return undefined;
    this.uses[key] = (this.uses[key] ?? 0) + 1;
    return {
      code: fault.code ?? `${scenario}Failed`,
      message: fault.message ?? `The ${scenario} job for '${item.name}' failed (fault injected by the emulator's configuration).`,
      possibleCauses: 'Injected fault.',
      recommendedAction: 'Remove the fault with DELETE /_emulator/faults and retry the operation.',
    };
  }

  /** Whether to lose the response of a request that just started a job; consumes one use. */
  takeDroppedResponse(operation: string, itemName: string | undefined): '503' | 'reset' | undefined {
    const fault = this.config.droppedResponses.find(
      (d) => d.operation.toLowerCase() === operation.toLowerCase() && (!d.item || d.item.toLowerCase() === itemName?.toLowerCase()),
    );
    if (!fault) return undefined;
    const key = `droppedResponses:${fault.operation.toLowerCase()}:${(fault.item ?? '*').toLowerCase()}`;
    if ((this.uses[key] ?? 0) >= fault.times) return undefined;
    this.uses[key] = (this.uses[key] ?? 0) + 1;
    return fault.as;
  }

  /** Share (0-1) of the needed replication rate the item gets; 1 when no fault slows it. */
  replicationFactor(item: Pick<ProtectedItemState, 'name' | 'machine'>): number {
    return this.config.replicationThroughput.find((r) => matchesItem(r.item, item))?.factor ?? 1;
  }

  slowFactor(item: Pick<ProtectedItemState, 'name' | 'machine'>, scenario: JobScenario): number {
    return this.config.slowOperations
      .filter((s) => (!s.item || matchesItem(s.item, item)) && (!s.scenario || s.scenario === scenario))
      .reduce((factor, s) => factor * s.factor, 1);
  }
}
