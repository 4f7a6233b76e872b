import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { stringify } from 'yaml';
import { WaveClient } from '../../client/wave-client';
import { InMemorySiteRecovery } from '../support/in-memory-site-recovery';
import { requestFor } from '../support/requests';
import { withWorker } from '../support/temporal';
import { TEST_NAMESPACE_VAR, TEST_TEMPORAL_ADDRESS_VAR } from '../setup/shared-test-environment';
import { runCliInProcess as runSiteshift } from '../support/run-cli-in-process';
import { reachWave, waveName } from '../support/waves';

jest.setTimeout(90_000);

describe('siteshift wave', () => {
  it('starts a wave from a YAML file, shows it, sends the wave decisions, and refuses bad input before connecting', async () => {
    await withWorker({ siteRecovery: new InMemorySiteRecovery() }, async ({ client, taskQueue }) => {
      const env = {
        TEMPORAL_ADDRESS: process.env[TEST_TEMPORAL_ADDRESS_VAR],
        TEMPORAL_NAMESPACE: process.env[TEST_NAMESPACE_VAR],
        SITESHIFT_TASK_QUEUE: taskQueue,
      };
      const cli = (args: string[]) => runSiteshift(args, { env });
      const dir = mkdtempSync(join(tmpdir(), 'siteshift-wave-'));
      const name = waveName('cli');
      const wave = {
        name,
        groups: [
          { name: 'database', machines: [requestFor('hyperv-to-azure')] },
          { name: 'application', machines: [requestFor('aws-to-azure')], multiVmGroupName: 'crm-app' },
        ],
        replicationConcurrency: 1,
        failurePolicy: 'halt',
      };
      const file = join(dir, 'wave.yaml');
      writeFileSync(file, stringify(wave));

      const bad = join(dir, 'bad.yaml');
      writeFileSync(bad, stringify({ ...wave, replicationConcurrency: 0, extra: true }));
      const refused = await runSiteshift(['wave', 'start', bad], { env, unreachable: true });
      expect(refused).toMatchObject({ code: 3, connects: 0 });
      expect(refused.stderr).toContain('Invalid wave request, nothing was started:');
      expect(refused.stderr).toContain('replicationConcurrency:');
      expect(refused.stderr).toContain('(wave): unrecognized key "extra"');

      const started = await cli(['wave', 'start', file, '--by', 'olga']);
      expect(started).toMatchObject({ code: 0, stderr: '' });
      expect(started.stdout).toContain(`wave ${name} started (wave-${name})`);

      const waves = new WaveClient(client, taskQueue);
      await reachWave(waves, name, 'AwaitingWaveTestApproval');
      const shown = await cli(['wave', 'status', name]);
      expect(shown.code).toBe(0);
      expect(shown.stdout).toContain(`wave ${name}: AwaitingWaveTestApproval`);
      expect(shown.stdout).toContain('waiting for: approveWaveTest or requestWaveRetest');
      expect(shown.stdout).toContain('group database: Pending\n');
      expect(shown.stdout).toContain('group application: Pending (multi-VM group crm-app)');

      const early = await cli(['wave', 'approve-cutover', name, '--by', 'bob']);
      expect(early.code).toBe(5);
      expect(early.stderr).toContain('approveWaveCutover is not allowed in stage AwaitingWaveTestApproval');
      const noBy = await cli(['wave', 'approve-test', name]);
      expect(noBy.code).toBe(2);
      expect(noBy.stderr).toContain('--by is required');

      expect((await cli(['wave', 'approve-test', name, '--by', 'ana', '--comment', 'all green'])).code).toBe(0);
      await reachWave(waves, name, 'AwaitingWaveCutoverApproval');
      // `wave start --by olga` made olga the wave's starter: four-eyes keeps her from approving its cutover.
      const byStarter = await cli(['wave', 'approve-cutover', name, '--by', 'olga']);
      expect(byStarter.code).toBe(5);
      expect(byStarter.stderr).toContain('whoever started the wave (olga started it)');
      expect((await cli(['wave', 'approve-cutover', name, '--by', 'bob', '--signal'])).code).toBe(0);
      await reachWave(waves, name, 'Completed');
      const final = await cli(['wave', 'status', name, '--json']);
      expect(JSON.parse(final.stdout)).toMatchObject({ name, stage: 'Completed', counts: { Completed: 2 } });

      const missing = await cli(['wave', 'abort', waveName('nope'), '--by', 'ana', '--reason', 'x']);
      expect(missing.code).toBe(4);
    });
  });
});
