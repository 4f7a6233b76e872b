import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import fc from 'fast-check';
import { parseFaultConfig, type FaultConfigInput } from '../../emulator/model/faults';
import { a2aItemInGroup, addItem, itemProtecting } from '../../emulator/model/items';
import { findJob, startJob } from '../../emulator/model/jobs';
import { FileStateStore } from '../../emulator/model/persistence';
import { replaceFaults } from '../../emulator/model/replication-health';
import { settle } from '../../emulator/model/settle';
import { Clock, GIB, replicationEndsAt } from '../../emulator/model/simulation';
import { emptyState, JOB_SCENARIOS, type JobScenario } from '../../emulator/model/state';
import type { EmulatorContext } from '../../emulator/context';
import { fullScanSettle } from '../support/full-scan-settle';
import { modelContext, modelItem } from '../support/model-context';

/**
 * The indexed settle (emulator/model/settle.ts) gives exactly the state the full scan of every job and item gave
 * (test/support/full-scan-settle.ts), and the same `changed`, after any sequence of enables, jobs, fault changes,
 * clock moves (to exact due moments too), deletions and reloads from a state file; and the index's other look-ups
 * (jobs by name, items by machine, A2A items by multi-VM group, items per container) agree with scans of the state.
 */

const T0 = 1_780_000_000_123;
let dir: string;

beforeAll(() => {
  jest.spyOn(Date, 'now').mockReturnValue(T0);
  dir = mkdtempSync(join(tmpdir(), 'settle-index-'));
});
afterAll(() => {
  jest.restoreAllMocks();
  rmSync(dir, { recursive: true, force: true });
});

const pick = fc.nat({ max: 1000 });
const enable = fc.record({
  kind: fc.constant('enable' as const),
  gib: fc.oneof(fc.integer({ min: 0, max: 400 }), fc.double({ min: 0.001, max: 50, noNaN: true })),
  mbps: fc.constantFrom(10, 100, 1000, 333),
});
// Enables weigh more so that runs hold several items (several per multi-VM group, some removed).
const operation = fc.oneof(
  { arbitrary: enable, weight: 3 },
  fc.record({
    kind: fc.constant('job' as const),
    pick,
    scenario: fc.constantFrom<JobScenario>(...JOB_SCENARIOS),
    failBack: fc.boolean(),
  }),
  { arbitrary: fc.record({ kind: fc.constant('disable' as const), pick }), weight: 2 },
  fc.record({
    kind: fc.constant('faults' as const),
    stalls: fc.array(fc.record({ pick, atPercent: fc.integer({ min: 0, max: 99 }) }), { maxLength: 3 }),
    throughput: fc.array(fc.record({ pick, factor: fc.double({ min: 0, max: 1, noNaN: true }) }), { maxLength: 2 }),
    failingEnable: fc.array(pick, { maxLength: 2 }),
    slow: fc.option(fc.double({ min: 0.1, max: 5, noNaN: true }), { nil: undefined }),
  }),
  fc.record({
    kind: fc.constant('advance' as const),
    seconds: fc.oneof(fc.integer({ min: 0, max: 4000 }), fc.double({ min: 0, max: 50_000, noNaN: true })),
  }),
  fc.record({ kind: fc.constant('advanceToDue' as const), pick, offsetMs: fc.constantFrom(-1, -0.001, 0, 0, 0.001, 1) }),
  fc.record({ kind: fc.constant('reload' as const) }),
);

/** Moments something becomes due, after now: job ends and initial sync ends. */
function dueMoments(ctx: EmulatorContext): number[] {
  const now = ctx.clock.now();
  const jobs = Object.values(ctx.state.jobs).map((j) => j.endsAt);
  const syncs = Object.values(ctx.state.items).map((i) => replicationEndsAt(i, ctx.clock) ?? -Infinity);
  return [...jobs, ...syncs].filter((at) => Number.isFinite(at) && at > now).sort((a, b) => a - b);
}

describe('settle with its index', () => {
  it('gives exactly the state and the `changed` of the full scan over every job and item', () => {
    let run = 0;
    fc.assert(
      fc.property(
        fc.array(fc.record({ op: operation, settles: fc.boolean() }), { minLength: 1, maxLength: 60 }),
        fc.constantFrom(1, 60, 1000),
        (steps, timeScale) => {
          const clock = new Clock(timeScale);
          const store = new FileStateStore(join(dir, `run-${run++}.json`));
          let faults: FaultConfigInput = {};
          let ctx = modelContext(emptyState(), clock, faults);
          let enabled = 0;
          const itemAt = (n: number) => {
            const items = Object.values(ctx.state.items);
            return items.length ? items[n % items.length] : undefined;
          };
          for (const { op, settles } of steps) {
            const now = clock.now();
            switch (op.kind) {
              case 'enable': {
                const item = modelItem(enabled++, Math.round(op.gib * GIB), (op.mbps * 1_000_000) / 8, now);
                addItem(ctx, item);
                startJob(ctx, item, 'EnableDr');
                break;
              }
              case 'job': {
                const item = itemAt(op.pick);
                const details: Record<string, string> = op.failBack ? { FailoverDirection: 'RecoveryToPrimary' } : {};
                if (item) startJob(ctx, item, op.scenario, { details });
                break;
              }
              case 'disable': {
                const item = itemAt(op.pick);
                if (item) startJob(ctx, item, 'DisableDr', { details: { DisableProtectionReason: 'NotSpecified' } });
                break;
              }
              case 'faults': {
                const name = (n: number) => itemAt(n)?.name ?? 'nothing';
                faults = {
                  stalledReplication: op.stalls.map((s) => ({ item: name(s.pick), atPercent: s.atPercent })),
                  replicationThroughput: op.throughput.map((t) => ({ item: name(t.pick), factor: t.factor })),
                  failingJobs: op.failingEnable.map((n) => ({ item: `m${n % (enabled + 1)}`, scenario: 'EnableDr' as const, times: 2 })),
                  slowOperations: op.slow === undefined ? [] : [{ factor: op.slow }],
                };
                replaceFaults(ctx, parseFaultConfig(faults), now);
                break;
              }
              case 'advance':
                clock.advance(op.seconds);
                break;
              case 'advanceToDue': {
                const moments = dueMoments(ctx);
                if (moments.length) clock.offsetMs += Math.max(0, moments[op.pick % moments.length] + op.offsetMs - now);
                break;
              }
              case 'reload': {
                store.save(ctx.state);
                ctx = modelContext(store.load()!, clock, faults);
                break;
              }
            }
            if (!settles && op.kind !== 'reload') continue;
            const at = clock.now();
            const expected = structuredClone(ctx.state);
            const expectedChanged = fullScanSettle(modelContext(expected, clock, faults), at);
            const changed = settle(ctx, at);
            expect(JSON.stringify(ctx.state)).toBe(JSON.stringify(expected));
            expect(changed).toBe(expectedChanged);
            // The index's look-ups agree with scans of the state.
            const items = Object.values(ctx.state.items);
            expect(ctx.index.itemsIn('FABRIC', 'Container')).toBe(items.length);
            for (const item of items) expect(itemProtecting(ctx, item.fabric, item.container, item.machine)).toBe(item);
            for (const job of Object.values(ctx.state.jobs)) expect(findJob(ctx, job.name.toUpperCase())).toBe(job);
            for (const group of ['GROUP-0', 'group-1', 'group-2']) {
              const member = items.find((i) => i.provider === 'A2A' && i.multiVmGroup?.name === group.toLowerCase());
              expect(a2aItemInGroup(ctx, 'Fabric', group)).toBe(member);
            }
          }
        },
      ),
      { numRuns: 300 },
    );
  });
});

describe('settle with its index, on the paths a random sequence rarely takes', () => {
  it('an initial sync stalled past its end completes on the first request after the stall is lifted', () => {
    const clock = new Clock(1);
    const ctx = modelContext(emptyState(), clock);
    const item = modelItem(0, 1000 * 1_000_000, 1_000_000, clock.now());
    addItem(ctx, item);
    startJob(ctx, item, 'EnableDr');
    replaceFaults(ctx, parseFaultConfig({ stalledReplication: [{ item: item.name, atPercent: 50 }] }), clock.now());
    clock.advance(120 + 2000);
    settle(ctx, clock.now());
    expect(item.phase).toBe('InitialReplication');
    replaceFaults(ctx, parseFaultConfig({}), clock.now());
    const expected = structuredClone(ctx.state);
    expect(fullScanSettle(modelContext(expected, clock), clock.now())).toBe(true);
    expect(settle(ctx, clock.now())).toBe(true);
    expect(item.phase).toBe('Protected');
    expect(JSON.stringify(ctx.state)).toBe(JSON.stringify(expected));
  });
});
