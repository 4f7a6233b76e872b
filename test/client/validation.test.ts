import { Client, Connection } from '@temporalio/client';
import { InvalidBatchError, InvalidDecisionError, InvalidMigrationRequestError, MigrationClient, UnknownDecisionError } from '../../client';
import { requestFor } from '../support/requests';

/**
 * A real client whose lazy connection points at a closed port: any call that reached the server would fail
 * with a connection error, so getting a validation error proves nothing was sent.
 */
function unreachableClient(): { migrations: MigrationClient; connection: Connection } {
  const connection = Connection.lazy({ address: '127.0.0.1:1', connectTimeout: 500 });
  return { migrations: new MigrationClient(new Client({ connection }), 'validation-test'), connection };
}

describe('MigrationClient validates before it talks to Temporal', () => {
  const { migrations, connection } = unreachableClient();
  afterAll(() => connection.close());

  it('rejects an invalid request with every bad field', async () => {
    const request = { ...requestFor('hyperv-to-azure'), machineId: 'bad id!', target: { vmSize: 'huge' } };
    const error = await migrations.startMigration(request).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(InvalidMigrationRequestError);
    const paths = (error as InvalidMigrationRequestError).issues.map((i) => i.path);
    expect(paths).toEqual(expect.arrayContaining(['machineId', 'target.vmSize', 'target.resourceGroupId', 'target.diskType']));
  });

  it('starts nothing from a batch with one bad request, naming it by index and machine id', async () => {
    const good = requestFor('vmware-to-azure');
    const bad = { ...requestFor('aws-to-azure'), source: { awsInstanceId: 'not-an-instance' } };
    const error = await migrations.startBatch([good, bad]).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(InvalidBatchError);
    const items = (error as InvalidBatchError).items;
    expect(items.map((i) => [i.index, i.machineId])).toEqual([[1, bad.machineId]]);
    expect(items[0].issues.map((i) => i.path)).toContain('source.awsInstanceId');
  });

  it('names a bad request itself "(request)" in a batch, as for a single request', async () => {
    const bad = { ...requestFor('vmware-to-azure'), extra: 1 };
    const single = await migrations.startMigration(bad).catch((e: unknown) => e);
    const batch = await migrations.startBatch([bad]).catch((e: unknown) => e);
    expect((single as Error).message).toContain('  - (request): unrecognized key "extra"');
    expect((batch as Error).message).toContain('  - (request): unrecognized key "extra"');
  });

  it('refuses a batch that lists the same machine twice', async () => {
    const request = requestFor('physical-to-azure');
    const error = (await migrations.startBatch([request, request]).catch((e: unknown) => e)) as InvalidBatchError;
    expect(error).toBeInstanceOf(InvalidBatchError);
    expect(error.items).toEqual([{ index: 1, machineId: request.machineId, issues: [expect.objectContaining({ path: 'machineId' })] }]);
  });

  it('checks decision payloads with the shared schemas', async () => {
    await expect(migrations.approveTestFailover('web-01', { by: '  ' })).rejects.toThrow(InvalidDecisionError);
    await expect(migrations.abortMigration('web-01', { by: 'ana' } as never, { via: 'signal' })).rejects.toThrow(/- reason: /);
    await expect(migrations.abortMigration('web-01', { by: 'ana', reason: ' ' })).rejects.toThrow(/reason: must say why/);
    await expect(migrations.approveFailover('web-01', { by: 'ana', notBefore: 'tonight' })).rejects.toThrow(
      /notBefore: must be an ISO 8601/,
    );
  });

  it('names the allowed decisions when asked for one that does not exist', async () => {
    const error = await migrations.decide('web-01', 'approveFailovr' as never, { by: 'ana' } as never).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(UnknownDecisionError);
    expect((error as Error).message).toBe(
      'Unknown decision "approveFailovr"; the decisions are approveTestFailover, requestRetest, approveFailover, rescheduleFailover, cancelScheduledFailover, abortMigration',
    );
    await expect(migrations.decide('web-01', 'toString' as never, {} as never, { via: 'signal' })).rejects.toThrow(UnknownDecisionError);
  });

  it('says "is required" and names unknown keys in decision payloads, as for requests', async () => {
    await expect(migrations.abortMigration('web-01', { by: 'ana' } as never)).rejects.toThrow('  - reason: is required');
    await expect(migrations.approveFailover('web-01', { by: 'ana', notbefore: 'x' } as never)).rejects.toThrow(
      '  - (payload): unrecognized key "notbefore"',
    );
  });

  it('does reach for the server once the input is valid (the check above is not vacuous)', async () => {
    const deadline = Date.now() + 1500;
    const error = await connection
      .withDeadline(deadline, () => migrations.startMigration(requestFor('azure-to-azure')))
      .catch((e: unknown) => e);
    expect(error).not.toBeInstanceOf(InvalidMigrationRequestError);
    expect(error).toBeInstanceOf(Error);
  }, 20_000);
});
