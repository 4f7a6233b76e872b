import { SiteRecoveryError } from '../../site-recovery/site-recovery';
import { historySummary } from '../support/activity-inspection';
import { InMemorySiteRecovery } from '../support/in-memory-site-recovery';
import { requestFor } from '../support/requests';
import { withWorker } from '../support/temporal';
import { failureOf, startMigration, status, waitForStage } from '../support/migration-harness';

const refusal = (code: string, statusCode: number) => new SiteRecoveryError(code, `ASR refused: ${code}`, { statusCode, retryable: false });

describe('leftBehind says only what a read found in ASR', () => {
  it.each([
    ['ProcessServerNotFound', 400],
    ['ProtectableItemAlreadyProtected', 409],
  ])('an enable ASR refused (%s) created nothing, so nothing is said to stay enabled', async (code, statusCode) => {
    const asr = new InMemorySiteRecovery();
    asr.failNext('enableReplication', refusal(code, statusCode));
    await withWorker({ siteRecovery: asr }, async ({ client, taskQueue }) => {
      const request = requestFor('vmware-to-azure');
      const handle = await startMigration(client, taskQueue, request);
      expect((await failureOf(handle)).type).toBe(code);
      const final = await status(handle);
      expect(final.lastError).toMatchObject({ code, stage: 'EnablingReplication' });
      expect(final.leftBehind).toEqual([]);
      expect(asr.items.has(request.machineId)).toBe(false);
      expect((await historySummary(handle)).activities).toEqual(['preflight', 'enableReplication', 'findReplication']);
    });
  });

  it('an item someone else removed is not said to stay enabled', async () => {
    const asr = new InMemorySiteRecovery();
    asr.syncStepPerRead = 'manual';
    await withWorker({ siteRecovery: asr }, async ({ client, taskQueue }) => {
      const request = requestFor('physical-to-azure');
      const handle = await startMigration(client, taskQueue, request);
      await waitForStage(handle, 'InitialReplication');
      asr.items.delete(request.machineId);

      expect((await failureOf(handle)).type).toBe('ReplicationProtectedItemNotFound');
      const final = await status(handle);
      expect(final.lastError).toMatchObject({ stage: 'InitialReplication' });
      expect(final.leftBehind).toEqual([]);
    });
  });

  it('an item that exists is said to stay enabled', async () => {
    const asr = new InMemorySiteRecovery();
    asr.failNext('testFailover', refusal('InitialReplicationNotComplete', 409));
    await withWorker({ siteRecovery: asr }, async ({ client, taskQueue }) => {
      const request = requestFor('aws-to-azure');
      const handle = await startMigration(client, taskQueue, request);
      expect((await failureOf(handle)).type).toBe('InitialReplicationNotComplete');
      const final = await status(handle);
      expect(final.leftBehind).toEqual([
        `Replication of ${request.machineId} stays enabled in vault migration-vault so that a new migration of this machine adopts it without a new initial sync; disable it in the vault to stop.`,
      ]);
      expect(asr.items.has(request.machineId)).toBe(true);
    });
  });

  it('a read that fails is said as such: could not verify, with the error', async () => {
    const asr = new InMemorySiteRecovery();
    asr.failNext('enableReplication', refusal('ProcessServerNotFound', 400));
    asr.failNext('findReplication', refusal('AuthorizationFailed', 403));
    await withWorker({ siteRecovery: asr }, async ({ client, taskQueue }) => {
      const request = requestFor('vmware-to-azure');
      const handle = await startMigration(client, taskQueue, request);
      expect((await failureOf(handle)).type).toBe('ProcessServerNotFound');
      const final = await status(handle);
      expect(final.leftBehind).toEqual([
        `Replication of ${request.machineId} may be enabled in vault migration-vault: could not verify (AuthorizationFailed: ASR refused: AuthorizationFailed); check the vault.`,
      ]);
    });
  });
});
