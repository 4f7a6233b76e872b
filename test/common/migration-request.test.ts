import {
  InvalidMigrationRequestError,
  MigrationRequestSchemaV1,
  parseMigrationRequest,
} from '../../common/migration-request';
import { requestFor } from '../support/requests';

function withoutDisks() {
  const request = requestFor('azure-to-azure') as { source: Record<string, unknown> };
  const { managedDiskIds: _disks, stagingStorageAccountId: _staging, ...source } = request.source;
  return { ...request, source };
}

describe('migration request schema', () => {
  it('requires an Azure-to-Azure request to name its managed disks and staging account', () => {
    const error = (() => {
      try {
        parseMigrationRequest(withoutDisks());
      } catch (e) {
        return e;
      }
    })();
    expect(error).toBeInstanceOf(InvalidMigrationRequestError);
    expect((error as InvalidMigrationRequestError).issues).toEqual([
      { path: 'source.managedDiskIds', message: 'is required' },
      { path: 'source.stagingStorageAccountId', message: 'is required' },
    ]);
  });

  it('rejects a disk id that is not a managed disk, naming the entry', () => {
    const request = requestFor('azure-to-azure') as { source: Record<string, unknown> };
    const bad = { ...request, source: { ...request.source, managedDiskIds: ['/subscriptions/x/resourceGroups/rg/providers/Microsoft.Storage/storageAccounts/nope'] } };
    expect(() => parseMigrationRequest(bad)).toThrow(/source\.managedDiskIds\.0: must be a managed disk id/);
  });

  it('still reads, as v1, a request of a migration started before disks were required', () => {
    expect(MigrationRequestSchemaV1.safeParse(withoutDisks()).success).toBe(true);
  });
});
