import { formatDuration, formatStatus, progressBar } from '../../cli/format';
import type { MigrationStatus } from '../../common/migration-status';

const status: MigrationStatus = {
  machineId: 'web-01',
  displayName: 'Web server 01',
  scenario: 'vmware-to-azure',
  wave: 'wave-2',
  stage: 'AwaitingTestApproval',
  stages: [
    { stage: 'Preflight', enteredAt: '2026-11-25T10:00:00.000Z' },
    { stage: 'EnablingReplication', enteredAt: '2026-11-25T10:00:05.000Z' },
    { stage: 'InitialReplication', enteredAt: '2026-11-25T10:01:00.000Z' },
    { stage: 'TestFailover', enteredAt: '2026-11-25T13:31:00.000Z' },
    { stage: 'AwaitingTestApproval', enteredAt: '2026-11-25T13:40:00.000Z' },
  ],
  replication: { percent: 100, protectionState: 'Protected', replicationHealth: 'Normal', stalled: false },
  testFailoverCount: 1,
  decisions: [
    {
      name: 'approveFailover',
      via: 'update',
      by: 'ana',
      at: '2026-11-25T13:45:00.000Z',
      accepted: false,
      rejectionReason: 'not allowed in AwaitingTestApproval',
      stage: 'AwaitingTestApproval',
    },
  ],
  lastError: { code: 'TooManyRequests', message: 'throttled', stage: 'InitialReplication', at: '2026-11-25T11:00:00.000Z' },
  resources: { testVmId: '/subscriptions/x/resourceGroups/rg/providers/Microsoft.Compute/virtualMachines/web-01-test' },
  leftBehind: [],
};

describe('human status output', () => {
  it('draws a progress bar proportional to the percentage, clamped to 0-100', () => {
    expect(progressBar(50, 10)).toBe('[#####-----]  50%');
    expect(progressBar(140, 4)).toBe('[####] 100%');
    expect(progressBar(-3, 4)).toBe('[----]   0%');
  });

  it('formats durations from milliseconds to days', () => {
    expect(formatDuration(450)).toBe('450ms');
    expect(formatDuration(55_000)).toBe('55s');
    expect(formatDuration(3.5 * 3600_000)).toBe('3h30m');
    expect(formatDuration(50 * 3600_000)).toBe('2d02h');
  });

  it('shows each stage with how long it took, the rejected decision, resources and the last error', () => {
    const text = formatStatus(status, new Date('2026-11-25T14:40:00.000Z'));
    expect(text).toContain('web-01 (Web server 01)');
    expect(text).toContain('vmware-to-azure   wave wave-2');
    expect(text).toMatch(/EnablingReplication\s+2026-11-25T10:00:05.000Z {2}55s\n/);
    expect(text).toMatch(/InitialReplication\s+2026-11-25T10:01:00.000Z {2}3h30m\n/);
    expect(text).toMatch(/AwaitingTestApproval\s+2026-11-25T13:40:00.000Z {2}1h00m \(current\)/);
    expect(text).not.toMatch(/[A-Za-z]2026-/);
    expect(text).toContain('approveFailover by ana via update in AwaitingTestApproval: REJECTED (not allowed in AwaitingTestApproval)');
    expect(text).toContain('testVmId: /subscriptions/x/');
    expect(text).toContain('Last error   TooManyRequests: throttled (in InitialReplication at 2026-11-25T11:00:00.000Z)');
  });
});
