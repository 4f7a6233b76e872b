import { generateKeyPairSync } from 'node:crypto';
import { decisionSigner } from '../../api/identity/decision-signer';
import { WaveClient } from '../../client/wave-client';
import { DECISION_RULES } from '../../common/decision-policy';
import { workflowIdFor, workflowIdOf } from '../../common/ids';
import type { MigrationStatus } from '../../common/migration-status';
import type { Role } from '../../common/roles';
import { publicKeyHex } from '../../config/decision-policy';
import { updateRefusal } from '../support/decision-harness';
import { InMemorySiteRecovery } from '../support/in-memory-site-recovery';
import type { MigrationHandle } from '../support/migration-harness';
import { waitUntil } from '../support/polling';
import { requestFor } from '../support/requests';
import { withWorker } from '../support/temporal';
import { reachWave, waveName } from '../support/waves';

jest.setTimeout(90_000);

describe('signed decisions on a wave: it accepts only wave decisions the API signed', () => {
  it('refuses forged wave decisions (update: no history event; signal: recorded), a foreign key and a replayed proof; accepts signed ones, which its machines accept relayed', async () => {
    const apiKey = generateKeyPairSync('ed25519');
    const otherKey = generateKeyPairSync('ed25519');
    const decisionPolicy = { fourEyes: true, decisionPublicKey: publicKeyHex(apiKey.publicKey) };
    await withWorker({ siteRecovery: new InMemorySiteRecovery(), decisionPolicy }, async ({ client, taskQueue }) => {
      const waves = new WaveClient(client, taskQueue);
      const machine = requestFor('vmware-to-azure');
      const request = { name: waveName('signed'), groups: [{ name: 'all', machines: [machine] }], replicationConcurrency: 1 };
      const { handle } = await waves.startWave(request);
      const wave = handle as MigrationHandle;
      const workflowId = workflowIdOf('migrateWave', request.name);
      const proofFor = (key: typeof apiKey, decision: string, by: string, roles: Role[]) =>
        decisionSigner(key.privateKey)({ workflowId, decision, by, roles });
      const events = async () => (await wave.fetchHistory()).events?.length ?? 0;

      await reachWave(waves, request.name, 'AwaitingWaveTestApproval');
      expect((await waves.waveStatus(request.name)).decisionPolicy).toEqual({ fourEyes: true, signedDecisions: true });
      const before = await events();
      const forged = await updateRefusal(wave, 'approveWaveTest', { by: 'alice' });
      expect(forged.message).toBe(
        'approveWaveTest by alice is refused: this wave accepts only decisions signed by the siteshift API (proof: is required)',
      );
      expect(forged.details).toEqual([{ rule: DECISION_RULES.signedDecision }]);
      const foreign = await updateRefusal(wave, 'approveWaveTest', {
        by: 'alice',
        proof: proofFor(otherKey, 'approveWaveTest', 'alice', ['approver']),
      });
      expect(foreign.message).toContain('its signature does not verify');
      const otherDecision = await updateRefusal(wave, 'approveWaveTest', {
        by: 'alice',
        proof: proofFor(apiKey, 'approveWaveCutover', 'alice', ['approver']),
      });
      expect(otherDecision.message).toContain('its signature does not verify');
      const roleless = await updateRefusal(wave, 'approveWaveTest', {
        by: 'alice',
        proof: proofFor(apiKey, 'approveWaveTest', 'alice', ['operator']),
      });
      expect(roleless.message).toContain('do not include "approver"');
      expect(await events()).toBe(before);

      await wave.signal('approveWaveTest', { by: 'alice' });
      const refused = await waitUntil(
        'the forged signal recorded',
        () => waves.waveStatus(request.name),
        (s) => s.refusedDecisions === 1,
      );
      expect(refused.stage).toBe('AwaitingWaveTestApproval');
      expect(refused.decisions[0]).toMatchObject({ name: 'approveWaveTest', via: 'signal', by: 'alice', accepted: false });

      const proof = proofFor(apiKey, 'approveWaveTest', 'alice', ['approver']);
      await wave.signal('approveWaveTest', { by: 'alice', proof });
      const accepted = await waitUntil(
        'the signed decision accepted',
        () => waves.waveStatus(request.name),
        (s) => s.decisions.some((d) => d.accepted),
      );
      expect(accepted.decisions.filter((d) => d.accepted).map((d) => [d.name, d.by])).toEqual([['approveWaveTest', 'alice']]);
      const replayed = await updateRefusal(wave, 'abortWave', { by: 'alice', reason: 'x', proof });
      expect(replayed.message).toContain('its signature does not verify');
      const reused = await updateRefusal(wave, 'approveWaveTest', { by: 'alice', proof });
      expect(reused.message).toContain('its nonce was already used');

      // The machine accepts the wave's relay: it carries the wave decision's proof for its parent wave.
      await reachWave(waves, request.name, 'AwaitingWaveCutoverApproval');
      const child = client.workflow.getHandle(workflowIdFor(machine.machineId));
      const machineStatus = await child.query<MigrationStatus>('status');
      expect(machineStatus.decisions.map((d) => [d.name, d.by, d.accepted])).toEqual([['approveTestFailover', 'alice', true]]);
      // The same proof sent straight to the machine again is refused: its nonce was spent by the relay.
      const copied = await updateRefusal(child as MigrationHandle, 'abortMigration', { by: 'alice', reason: 'x', proof });
      expect(copied.details).toEqual([{ rule: DECISION_RULES.signedDecision }]);

      // The client (which the API calls with its proof) sends the proof beside the payload, and names a refusal's rule.
      await expect(waves.decide(request.name, 'abortWave', { by: 'ops', reason: 'unsigned' })).rejects.toMatchObject({
        name: 'WaveDecisionRejectedError',
        rule: DECISION_RULES.signedDecision,
      });
      await waves.decide(
        request.name,
        'abortWave',
        { by: 'ops', reason: 'test done' },
        { proof: proofFor(apiKey, 'abortWave', 'ops', ['operator']) },
      );
      const final = await waves.waitForResult(request.name);
      expect(final.stage).toBe('Aborted');
      expect((await child.query<MigrationStatus>('status')).stage).toBe('Aborted');
    });
  });
});
