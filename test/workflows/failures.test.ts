import { WorkflowExecutionAlreadyStartedError } from '@temporalio/client';
import { workflowIdFor } from '../../common/ids';
import { parseMigrationRequest } from '../../common/migration-request';
import { SiteRecoveryError } from '../../site-recovery/site-recovery';
import { DECISION_UPDATES } from '../../workflows/definitions';
import { InMemorySiteRecovery } from '../support/in-memory-site-recovery';
import { requestFor } from '../support/requests';
import { withWorker } from '../support/temporal';
import { failureOf, startMigration, startRawMigration, status, waitForStage } from '../support/migration-harness';

describe('failures', () => {
  it('ends in Failed with the ASR error code and message, removes the test VM and says what it left', async () => {
    const asr = new InMemorySiteRecovery();
    asr.failNext(
      'unplannedFailover',
      new SiteRecoveryError('28092', 'The failover job failed: the target VM could not be created.', { retryable: false, jobId: 'job-1' }),
    );
    await withWorker({ siteRecovery: asr }, async ({ client, taskQueue }) => {
      const request = requestFor('vmware-to-azure');
      const handle = await startMigration(client, taskQueue, request);
      await waitForStage(handle, 'AwaitingTestApproval');
      await handle.executeUpdate(DECISION_UPDATES.approveTestFailover, { args: [{ by: 'alice' }] });
      await waitForStage(handle, 'AwaitingFailoverApproval');
      await handle.executeUpdate(DECISION_UPDATES.approveFailover, { args: [{ by: 'bob' }] });

      const failure = await failureOf(handle);
      expect(failure.type).toBe('28092');
      expect(failure.message).toBe('28092: The failover job failed: the target VM could not be created.');
      const final = await status(handle);
      expect(final.stage).toBe('Failed');
      expect(final.lastError).toMatchObject({
        code: '28092',
        message: 'The failover job failed: the target VM could not be created.',
        stage: 'FailingOver',
      });
      expect(final.leftBehind).toEqual([expect.stringMatching(/failover of .* did not finish; replication stays enabled/)]);
      expect(asr.countOf('unplannedFailover')).toBe(1);
      expect(asr.countOf('completeMigration')).toBe(0);
    });
  });

  it('cleans up an active test failover when a later step fails', async () => {
    const asr = new InMemorySiteRecovery();
    asr.failNext(
      'cleanupTestFailover',
      new SiteRecoveryError('AuthorizationFailed', 'The client does not have authorization.', { statusCode: 403, retryable: false }),
    );
    await withWorker({ siteRecovery: asr }, async ({ client, taskQueue }) => {
      const request = requestFor('physical-to-azure');
      const handle = await startMigration(client, taskQueue, request);
      await waitForStage(handle, 'AwaitingTestApproval');
      await handle.executeUpdate(DECISION_UPDATES.approveTestFailover, { args: [{ by: 'alice' }] });

      const failure = await failureOf(handle);
      expect(failure.type).toBe('AuthorizationFailed');
      const final = await status(handle);
      expect(final.lastError).toMatchObject({ code: 'AuthorizationFailed', stage: 'CleaningUpTestFailover' });
      // The failure path tried the cleanup again, and it worked the second time.
      expect(asr.countOf('cleanupTestFailover')).toBe(2);
      expect(asr.items.get(request.machineId)?.testVmId).toBeUndefined();
      expect(final.leftBehind).toEqual([expect.stringMatching(/Replication of .* stays enabled .* adopts it/)]);
    });
  });

  it('retries throttled calls (honouring Retry-After) and carries on', async () => {
    const asr = new InMemorySiteRecovery();
    for (let i = 0; i < 3; i++) {
      asr.failNext(
        'enableReplication',
        new SiteRecoveryError('TooManyRequests', 'Rate limit exceeded.', { statusCode: 429, retryable: true, retryAfterMs: 200 }),
      );
    }
    await withWorker({ siteRecovery: asr }, async ({ client, taskQueue }) => {
      const handle = await startMigration(client, taskQueue, requestFor('azure-to-azure'));
      const waiting = await waitForStage(handle, 'AwaitingTestApproval');
      expect(asr.countOf('enableReplication')).toBe(4);
      expect(waiting.lastError).toBeUndefined();
      await handle.terminate('test done');
    });
  });

  it('stops at Preflight naming what is missing, and creates nothing', async () => {
    const asr = new InMemorySiteRecovery();
    await withWorker({ siteRecovery: asr }, async ({ client, taskQueue }) => {
      const request = requestFor('hyperv-to-azure');
      asr.setMissing(request.machineId, {
        resource: 'containerMapping',
        name: 'migration-policy',
        message: 'no protection container mapping uses this policy',
      });
      const handle = await startMigration(client, taskQueue, request);
      const failure = await failureOf(handle);
      expect(failure.type).toBe('PreflightFailed');
      expect(failure.message).toMatch(/containerMapping 'migration-policy': no protection container mapping uses this policy/);
      const final = await status(handle);
      expect(final.stage).toBe('Failed');
      expect(final.leftBehind).toEqual([]);
      expect(asr.countOf('enableReplication')).toBe(0);
    });
  });

  it('refuses to start the same machine twice while it runs', async () => {
    const asr = new InMemorySiteRecovery();
    asr.syncStepPerRead = 'manual';
    await withWorker({ siteRecovery: asr }, async ({ client, taskQueue }) => {
      const request = requestFor('aws-to-azure');
      const handle = await startMigration(client, taskQueue, request);
      await waitForStage(handle, 'InitialReplication');
      await expect(startRawMigration(client, taskQueue, parseMigrationRequest(request))).rejects.toBeInstanceOf(
        WorkflowExecutionAlreadyStartedError,
      );
      expect(asr.countOf('enableReplication', request.machineId)).toBe(1);
      await handle.terminate('test done');
    });
  });

  it('fails a request that bypassed validation with field-level messages, before touching Azure', async () => {
    const asr = new InMemorySiteRecovery();
    await withWorker({ siteRecovery: asr }, async ({ client, taskQueue }) => {
      const handle = await startRawMigration(
        client,
        taskQueue,
        { machineId: 'raw', scenario: 'hyperv-to-azure', displayName: 'x' },
        workflowIdFor(`raw-${Date.now()}`),
      );
      const failure = await failureOf(handle);
      expect(failure.type).toBe('InvalidMigrationRequest');
      expect(failure.message).toMatch(/vault: /);
      expect(failure.message).toMatch(/target: /);
      expect(asr.calls).toEqual([]);
    });
  });
});
