import { formatStatus } from '../../cli/format';
import type { MigrationStatus } from '../../common/migration-status';

/** What `status` answers for a request the workflow refused at start (see workflows/checked-start.ts). */
const refused: MigrationStatus = {
  machineId: 'web-01',
  stage: 'Failed',
  stages: [{ stage: 'Failed', enteredAt: '2026-11-25T10:00:00.000Z' }],
  replication: { percent: 0, stalled: false },
  testFailoverCount: 0,
  decisions: [],
  resources: {},
  leftBehind: [],
  lastError: { code: 'InvalidMigrationRequest', message: 'Invalid migration request', stage: 'Failed', at: '2026-11-25T10:00:00.000Z' },
  requestErrors: [
    { path: 'scenario', message: 'is required' },
    { path: '', message: 'Unrecognized key: "colour"' },
  ],
};

describe('human status output of a refused start', () => {
  it('shows no display name or scenario it does not know, and one line per request error', () => {
    const lines = formatStatus(refused, new Date('2026-11-25T10:00:01.000Z')).split('\n');
    expect(lines).toContain('Machine      web-01');
    expect(lines).toContain('Scenario     -');
    expect(lines).toContain('Request      scenario: is required');
    expect(lines).toContain('             (request): Unrecognized key: "colour"');
  });
});
