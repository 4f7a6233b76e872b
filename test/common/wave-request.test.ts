import { windowTimeMs } from '../../common/cutover-window';
import { checkWaveRequest, parseWaveRequest, WAVE_LIMITS, type WaveRequestInput } from '../../common/wave-request';
import { requestFor } from '../support/requests';

function wave(overrides: Partial<WaveRequestInput> = {}): WaveRequestInput {
  return {
    name: 'wave-1',
    groups: [
      { name: 'database', machines: [requestFor('hyperv-to-azure'), requestFor('vmware-to-azure')] },
      { name: 'application', machines: [requestFor('physical-to-azure')] },
    ],
    replicationConcurrency: 2,
    ...overrides,
  };
}

function issuesOf(input: unknown) {
  const checked = checkWaveRequest(input);
  if (checked.success) throw new Error('expected the wave request to be refused');
  return checked.issues;
}

describe('wave request', () => {
  it('accepts a wave, applies defaults and sets every machine’s wave to the wave name', () => {
    const parsed = parseWaveRequest(wave());
    expect(parsed.failurePolicy).toBe('halt');
    expect(parsed.groups.flatMap((g) => g.machines.map((m) => m.wave))).toEqual(['wave-1', 'wave-1', 'wave-1']);
  });

  it('refuses unknown keys at every depth, naming the field', () => {
    const input = wave();
    const bad = {
      ...input,
      extra: 1,
      groups: [
        { ...input.groups[0], hooks: { beforeFailover: { url: 'https://hooks.example/x', timeoutSeconds: 5, retries: 1, verb: 'POST' } } },
      ],
      cutoverWindow: { notBefore: '2026-12-01T22:00', notAfter: '2026-12-02T02:00', timeZone: 'Europe/Paris', zone: 'x' },
    };
    expect(issuesOf(bad)).toEqual(
      expect.arrayContaining([
        { path: '', message: 'unrecognized key "extra"' },
        { path: 'groups.0.hooks.beforeFailover', message: 'unrecognized key "verb"' },
        { path: 'cutoverWindow', message: 'unrecognized key "zone"' },
      ]),
    );
  });

  it('names a machine that appears twice, and a machine whose wave is another', () => {
    const input = wave();
    const dup = input.groups[0].machines[0];
    const other = { ...requestFor('hyperv-to-azure'), wave: 'other' };
    const issues = issuesOf({ ...input, groups: [...input.groups, { name: 'third', machines: [dup, other] }] });
    expect(issues).toEqual(
      expect.arrayContaining([
        { path: 'groups.2.machines.0.machineId', message: `duplicate machine ${dup.machineId} (also groups.0.machines.0)` },
        { path: 'groups.2.machines.1.wave', message: "must be the wave's name wave-1 or absent" },
      ]),
    );
  });

  it('refuses duplicate group names, a bad zone, a window that ends before it starts, bad hooks', () => {
    const input = wave();
    const issues = issuesOf({
      ...input,
      groups: [
        input.groups[0],
        { ...input.groups[1], name: 'database', hooks: { afterFailover: { url: 'ftp://x', timeoutSeconds: 0, retries: 99 } } },
      ],
      cutoverWindow: { notBefore: '2026-12-02T02:00', notAfter: '2026-12-01T22:00', timeZone: 'Mars/Olympus' },
    });
    const paths = issues.map((i) => i.path);
    expect(paths).toEqual(
      expect.arrayContaining([
        'groups.1.name',
        'groups.1.hooks.afterFailover.url',
        'groups.1.hooks.afterFailover.timeoutSeconds',
        'groups.1.hooks.afterFailover.retries',
        'cutoverWindow.timeZone',
      ]),
    );
    expect(issuesOf({ ...input, cutoverWindow: { notBefore: '2026-12-02T02:00', notAfter: '2026-12-01T22:00', timeZone: 'UTC' } })).toEqual(
      [{ path: 'cutoverWindow.notAfter', message: 'must be after notBefore' }],
    );
  });

  it(`refuses more than ${WAVE_LIMITS.MAX_MACHINES} machines in all`, () => {
    const many = (n: number) => Array.from({ length: n }, () => requestFor('hyperv-to-azure'));
    const issues = issuesOf(
      wave({
        groups: [
          { name: 'a', machines: many(600) },
          { name: 'b', machines: many(401) },
        ],
      }),
    );
    expect(issues).toContainEqual({ path: 'groups', message: 'must hold at most 1000 machines in all (1001)' });
  });

  it('requires a name fit for a workflow id', () => {
    expect(issuesOf(wave({ name: 'bad name' })).map((i) => i.path)).toEqual(['name']);
    expect(issuesOf({ ...wave(), name: undefined })).toContainEqual({ path: 'name', message: 'is required' });
  });

  it('reads window times in their zone unless they carry an offset', () => {
    expect(new Date(windowTimeMs('2026-07-01T22:00', 'Europe/Paris')).toISOString()).toBe('2026-07-01T20:00:00.000Z');
    expect(new Date(windowTimeMs('2026-12-01T22:00', 'Europe/Paris')).toISOString()).toBe('2026-12-01T21:00:00.000Z');
    expect(new Date(windowTimeMs('2026-12-01T22:00:00Z', 'Asia/Tokyo')).toISOString()).toBe('2026-12-01T22:00:00.000Z');
    expect(new Date(windowTimeMs('2026-03-29T03:30', 'Europe/Paris')).toISOString()).toBe('2026-03-29T01:30:00.000Z');
  });
});
