import { addItem, itemProtecting } from '../../emulator/model/items';
import { findJob, JOB_DURATION_SECONDS, startJob } from '../../emulator/model/jobs';
import { settle } from '../../emulator/model/settle';
import { Clock } from '../../emulator/model/simulation';
import { emptyState, type EmulatorState } from '../../emulator/model/state';
import { modelContext, modelItem } from '../support/model-context';

/**
 * What a request costs must not grow with the number of items and jobs: settle (before every request), finding a
 * job by name and finding the item protecting a machine read what is due or named, and never go through all jobs
 * or all items. The state's maps are watched through proxies that count what is enumerated and read.
 */

const ITEMS = 300;
const T0 = 1_780_000_000_000;

function watched(state: EmulatorState) {
  const reads = { enumerated: 0, read: 0 };
  const watch = <T extends object>(target: T): T =>
    new Proxy(target, {
      ownKeys(t) {
        reads.enumerated++;
        return Reflect.ownKeys(t);
      },
      get(t, key, receiver) {
        if (typeof key === 'string') reads.read++;
        return Reflect.get(t, key, receiver);
      },
    });
  state.items = watch(state.items);
  state.jobs = watch(state.jobs);
  return reads;
}

/** ITEMS items in initial replication, each with a settled enable job and a test failover job running for 30,000 s. */
function fleet() {
  jest.spyOn(Date, 'now').mockReturnValue(T0);
  const clock = new Clock(1);
  const ctx = modelContext(emptyState(), clock, { slowOperations: [{ scenario: 'TestFailover', factor: 100 }] });
  for (let i = 0; i < ITEMS; i++) {
    // Item i finishes its initial sync 1,000 + i virtual seconds after its enable job ends.
    const item = modelItem(i, (1000 + i) * 1_000_000, 1_000_000, clock.now());
    addItem(ctx, item);
    startJob(ctx, item, 'EnableDr');
  }
  clock.advance(JOB_DURATION_SECONDS.EnableDr);
  settle(ctx, clock.now());
  const lastJob = Object.values(ctx.state.items)
    .map((item) => startJob(ctx, item, 'TestFailover').name)
    .at(-1)!;
  return { ctx, clock, lastJob, reads: watched(ctx.state) };
}

afterEach(() => jest.restoreAllMocks());

describe('the cost of a request does not grow with the items and jobs there are', () => {
  it('settle with nothing due enumerates and reads no item and no job', () => {
    const { ctx, clock, reads } = fleet();
    clock.advance(500);
    expect(settle(ctx, clock.now())).toBe(false);
    expect(reads).toEqual({ enumerated: 0, read: 0 });
  });

  it('settle reads only what became due: one initial sync, then one more', () => {
    const { ctx, clock, reads } = fleet();
    clock.advance(1000);
    expect(settle(ctx, clock.now())).toBe(true);
    expect(ctx.state.items['fabric/container/m0'].phase).toBe('Protected');
    expect(ctx.state.items['fabric/container/m1'].phase).toBe('InitialReplication');
    expect(reads.enumerated).toBe(0);
    expect(reads.read).toBeLessThanOrEqual(5);
    clock.advance(1);
    reads.read = 0;
    expect(settle(ctx, clock.now())).toBe(true);
    expect(ctx.state.items['fabric/container/m1'].phase).toBe('Protected');
    expect(reads).toMatchObject({ enumerated: 0 });
    expect(reads.read).toBeLessThanOrEqual(5);
  });

  it('a job is found by its name in any case, and a missing one refused, without going through the jobs', () => {
    const { ctx, lastJob: name, reads } = fleet();
    expect(findJob(ctx, name).name).toBe(name);
    expect(findJob(ctx, name.toUpperCase()).name).toBe(name);
    expect(() => findJob(ctx, 'no-such-job')).toThrow("The replication job 'no-such-job' was not found");
    expect(() => findJob(ctx, 'constructor')).toThrow("The replication job 'constructor' was not found");
    expect(reads.enumerated).toBe(0);
    expect(reads.read).toBeLessThanOrEqual(4);
  });

  it('the item protecting a machine is found without going through the items', () => {
    const { ctx, reads } = fleet();
    expect(itemProtecting(ctx, 'FABRIC', 'container', 'MACHINE-7')?.name).toBe('m7');
    expect(itemProtecting(ctx, 'fabric', 'container', 'machine-x')).toBeUndefined();
    expect(reads.enumerated).toBe(0);
  });
});
