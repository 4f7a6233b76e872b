import { validateMigrationRequests } from '../../client';
import type { InvalidBatchError } from '../../client/errors';
import {
  InvalidMigrationRequestError,
  MigrationRequestSchemaV1,
  MigrationRequestSchemaV2,
  missingFieldMessages,
  parseMigrationRequest,
} from '../../common/migration-request';
import { requestFor } from '../support/requests';

function issuesOf(input: unknown): { path: string; message: string }[] {
  try {
    parseMigrationRequest(input);
  } catch (error) {
    if (error instanceof InvalidMigrationRequestError) return error.issues;
    throw error;
  }
  throw new Error('the request was accepted');
}

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
    const bad = {
      ...request,
      source: {
        ...request.source,
        managedDiskIds: ['/subscriptions/x/resourceGroups/rg/providers/Microsoft.Storage/storageAccounts/nope'],
      },
    };
    expect(() => parseMigrationRequest(bad)).toThrow(/source\.managedDiskIds\.0: must be a managed disk id/);
  });

  it('still reads, as v1, a request of a migration started before disks were required', () => {
    expect(MigrationRequestSchemaV1.safeParse(withoutDisks()).success).toBe(true);
  });

  it('refuses a misspelled key inside a nested object, naming the key and the object', () => {
    const request = requestFor('hyperv-to-azure');
    expect(issuesOf({ ...request, failover: { shutdownsource: false } })).toEqual([
      { path: 'failover', message: 'unrecognized key "shutdownsource"' },
    ]);
    expect(issuesOf({ ...request, approval: { approver: ['ana'] } })).toEqual([
      { path: 'approval', message: 'unrecognized key "approver"' },
    ]);
    expect(() => parseMigrationRequest({ ...request, approval: { approver: ['ana'] } })).toThrow(
      '  - approval: unrecognized key "approver"',
    );
  });

  it('refuses unknown keys in every nested object of every scenario', () => {
    const hyperV = requestFor('hyperv-to-azure') as Record<string, any>;
    const azure = requestFor('azure-to-azure') as Record<string, any>;
    const mapping = { fabricName: 'f', networkName: 'n', mappingName: 'm' };
    const cases: [unknown, string][] = [
      [{ ...hyperV, vault: { ...hyperV.vault, subscription: 'x' } }, 'vault'],
      [{ ...hyperV, target: { ...hyperV.target, vmsize: 'Standard_D2s_v3' } }, 'target'],
      [{ ...hyperV, replicationWait: { pollIntervalSecond: 5 } }, 'replicationWait'],
      [{ ...hyperV, source: { ...hyperV.source, vmmNetworkMapping: { ...mapping, extra: 1 } } }, 'source.vmmNetworkMapping'],
      [{ ...azure, source: { ...azure.source, networkMapping: { ...azure.source.networkMapping, extra: 1 } } }, 'source.networkMapping'],
      [{ ...hyperV, source: { ...hyperV.source, extra: 1 } }, 'source'],
      [{ ...hyperV, extra: 1 }, ''],
    ];
    for (const [input, path] of cases)
      expect(issuesOf(input)).toEqual([{ path, message: expect.stringMatching(/^unrecognized key "\w+"$/) }]);
  });

  it('names every unknown key, escaped and cut short, in a message of bounded size', () => {
    const request = requestFor('vmware-to-azure');
    const keys = { ['k'.repeat(100_000)]: 1, 'esc\u001b[2J': 2, a: 3, b: 4, c: 5, d: 6, e: 7 };
    const [issue] = issuesOf({ ...request, target: { ...request.target, ...keys } });
    expect(issue.path).toBe('target');
    expect(issue.message).toContain('"esc\\u001b[2J"');
    expect(issue.message).toMatch(/^unrecognized keys "k{64}…", .* and 2 more$/);
    const manyBadDisks = requestFor('azure-to-azure') as Record<string, any>;
    manyBadDisks.source = { ...manyBadDisks.source, managedDiskIds: Array.from({ length: 60 }, () => 'not-a-disk') };
    const issues = issuesOf(manyBadDisks);
    expect(issues.length).toBeLessThanOrEqual(20);
    expect(issues.at(-1)).toEqual({ path: '', message: expect.stringMatching(/^and \d+ more problems$/) });
  });

  it('refuses control characters in text and unbounded strings and lists', () => {
    const request = requestFor('azure-to-azure') as Record<string, any>;
    expect(issuesOf({ ...request, displayName: 'web\n\u001b[32mStage  Completed' })).toEqual([
      { path: 'displayName', message: 'must not contain control characters' },
    ]);
    expect(issuesOf({ ...request, wave: 'w\u202ea' })).toEqual([{ path: 'wave', message: 'must not contain control characters' }]);
    expect(
      issuesOf({ ...request, target: { ...request.target, resourceGroupId: `${request.target.resourceGroupId}/${'x'.repeat(2000)}` } })[0]
        .path,
    ).toBe('target.resourceGroupId');
    expect(issuesOf({ ...request, approval: { approvers: Array.from({ length: 101 }, (_, i) => `op-${i}`) } })[0].path).toBe(
      'approval.approvers',
    );
  });

  it('says "is required" for a missing field however it is reached: object, enum or scenario', () => {
    const { source: _source, ...noSource } = requestFor('physical-to-azure');
    const { scenario: _scenario, ...noScenario } = requestFor('physical-to-azure');
    const request = requestFor('physical-to-azure') as Record<string, any>;
    const { diskType: _diskType, ...target } = request.target;
    expect(issuesOf(noSource)).toEqual([{ path: 'source', message: 'is required' }]);
    expect(issuesOf(noScenario)).toEqual([{ path: 'scenario', message: 'is required' }]);
    expect(issuesOf({ ...request, target })).toEqual([{ path: 'target.diskType', message: 'is required' }]);
    expect(issuesOf({ ...request, scenario: 'gcp-to-azure' })).toEqual([
      { path: 'scenario', message: 'must be one of hyperv-to-azure, vmware-to-azure, physical-to-azure, aws-to-azure, azure-to-azure' },
    ]);
  });

  it('gives the same messages for the same bad request alone and in a batch', () => {
    const { source: _source, ...noSource } = requestFor('physical-to-azure');
    const error = (() => {
      try {
        validateMigrationRequests([noSource]);
      } catch (e) {
        return e as InvalidBatchError;
      }
    })();
    expect(error?.items[0].issues).toEqual(issuesOf(noSource));
  });

  it('keeps reading, as v2, requests of migrations started before nested objects were strict', () => {
    const request = { ...requestFor('hyperv-to-azure'), approval: { approver: ['ana'] }, displayName: 'tab\there' };
    const parsed = MigrationRequestSchemaV2.safeParse(request, missingFieldMessages);
    expect(parsed.success).toBe(true);
    expect(parsed.data?.approval).toEqual({});
  });
});
