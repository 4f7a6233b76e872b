import fc from 'fast-check';
import type { Client } from '@temporalio/client';
import { workflowIdFor } from '../../common/ids';
import { MigrationRequestSchema } from '../../common/migration-request';
import { MIGRATE_MACHINE_WORKFLOW } from '../../workflows/definitions';
import { historySummary } from '../support/activity-inspection';
import { InMemorySiteRecovery } from '../support/in-memory-site-recovery';
import { requestFor } from '../support/requests';
import { withWorker } from '../support/temporal';
import { failureOf, status, type MigrationHandle } from '../support/migration-harness';

/**
 * Raw starts (client.workflow.start, as `temporal workflow start` does, bypassing MigrationClient's validation)
 * with invalid requests: whatever the input, the workflow ends Failed in its first task with the field errors
 * in `status`, runs no activity, fails no workflow task, and keeps `status` under a fixed size.
 */
const MAX_STATUS_CHARS = 16 * 1024;

type Request = Record<string, unknown> & { machineId: string };

/** One way to break a valid request, and the issue path the refusal must name. */
interface Breakage {
  label: string;
  path: string;
  apply: (request: Request) => unknown;
}

const STRING_FIELDS = [
  'displayName',
  'replicationPolicyName',
  'vault.name',
  'vault.resourceGroup',
  'target.subnetName',
  'source.fabricName',
  'source.processServerId',
];
const PATTERN_FIELDS = ['machineId', 'vault.subscriptionId', 'target.vmSize'];
const OBJECT_FIELDS = ['vault', 'target', 'source', 'failover', 'approval', 'replicationWait'];
const NUMBER_FIELDS = ['replicationWait.pollIntervalSeconds', 'replicationWait.stallAfterMinutes'];
const STRICT_OBJECTS = ['', 'source'];

function withValue(request: Request, path: string, value: unknown): Request {
  const copy = structuredClone(request);
  const keys = path.split('.');
  let target = copy as Record<string, unknown>;
  for (const key of keys.slice(0, -1)) target = (target[key] ??= {}) as Record<string, unknown>;
  target[keys.at(-1)!] = value;
  return copy;
}

const unicode = fc.string({ unit: 'grapheme', minLength: 1, maxLength: 8 });
const controlChar = fc.integer({ min: 0, max: 31 }).map((code) => String.fromCharCode(code));
const notAString = fc.oneof(
  fc.integer(),
  fc.boolean(),
  fc.constant(null),
  fc.array(fc.integer(), { maxLength: 3 }),
  fc.dictionary(fc.string({ maxLength: 5 }), fc.integer(), { maxKeys: 2 }),
);
const notAnObject = fc.oneof(
  fc.integer(),
  fc.boolean(),
  fc.constant(null),
  fc.string({ maxLength: 20 }),
  fc.array(fc.integer(), { maxLength: 3 }),
);
const notANumber = fc.oneof(fc.boolean(), fc.constant(null), fc.string({ maxLength: 10 }), fc.array(fc.integer(), { maxLength: 2 }));

/** Keys of a VMware request and its source (the objects strict today), and what JavaScript treats specially. */
const KNOWN_KEYS = new Set([
  ...[
    'machineId',
    'displayName',
    'scenario',
    'vault',
    'source',
    'target',
    'replicationPolicyName',
    'wave',
    'failover',
    'approval',
    'replicationWait',
  ],
  ...['fabricName', 'protectionContainerName', 'osType', 'fabricDiscoveryMachineId', 'processServerId', 'runAsAccountId', '__proto__'],
]);
const unknownKey = fc.oneof(fc.string({ minLength: 1, maxLength: 12 }), unicode).filter((key) => !KNOWN_KEYS.has(key));

const breakages: fc.Arbitrary<Breakage> = fc.oneof(
  fc
    .record({ field: fc.constantFrom(...STRING_FIELDS), chunk: unicode, times: fc.integer({ min: 300, max: 20_000 }) })
    .map(({ field, chunk, times }) => ({
      label: `oversized ${field}`,
      path: field,
      apply: (r: Request) => withValue(r, field, `x${chunk.repeat(times)}`),
    })),
  fc
    .record({
      field: fc.constantFrom(...PATTERN_FIELDS),
      bad: fc.oneof(
        controlChar,
        unicode.filter((s) => /[^\x20-\x7e]/.test(s)),
      ),
      at: fc.nat(),
    })
    .map(({ field, bad, at }) => ({
      label: `${field} with ${JSON.stringify(bad)}`,
      path: field,
      apply: (r: Request) => {
        const original = String(field.split('.').reduce<unknown>((value, key) => (value as Record<string, unknown>)[key], r));
        const cut = at % (original.length + 1);
        return withValue(r, field, `${original.slice(0, cut)}${bad}${original.slice(cut)}`);
      },
    })),
  fc.record({ field: fc.constantFrom(...STRING_FIELDS, ...PATTERN_FIELDS), value: notAString }).map(({ field, value }) => ({
    label: `${field} = ${JSON.stringify(value)}`,
    path: field,
    apply: (r: Request) => withValue(r, field, value),
  })),
  fc.record({ field: fc.constantFrom(...OBJECT_FIELDS), value: notAnObject }).map(({ field, value }) => ({
    label: `${field} = ${JSON.stringify(value)}`,
    path: field,
    apply: (r: Request) => withValue(r, field, value),
  })),
  fc.record({ field: fc.constantFrom(...NUMBER_FIELDS), value: notANumber }).map(({ field, value }) => ({
    label: `${field} = ${JSON.stringify(value)}`,
    path: field,
    apply: (r: Request) => withValue(r, field, value),
  })),
  fc
    .record({ at: fc.constantFrom(...STRICT_OBJECTS), key: unknownKey, value: fc.jsonValue({ maxDepth: 2 }) })
    .map(({ at, key, value }) => ({
      label: `unknown key ${JSON.stringify(key)} in ${at || 'the request'}`,
      path: at,
      apply: (r: Request) => (at ? withValue(r, `${at}.${key}`, value) : { ...r, [key]: value }),
    })),
  notAnObject.map((value) => ({ label: `the request = ${JSON.stringify(value)}`, path: '', apply: () => value })),
  // Floods: one issue whose message would list hundreds of long keys, and more issues than status keeps.
  fc.uniqueArray(fc.string({ minLength: 100, maxLength: 2000 }), { minLength: 20, maxLength: 200 }).map((keys) => ({
    label: `${keys.length} long unknown keys`,
    path: '',
    apply: (r: Request) => ({ ...r, ...Object.fromEntries(keys.map((key) => [key, key])) }),
  })),
  fc.integer().map((value) => ({
    label: `every string field = ${value}`,
    path: 'machineId',
    apply: (r: Request) => [...STRING_FIELDS, ...PATTERN_FIELDS].reduce((broken, field) => withValue(broken, field, value), r),
  })),
);

async function startRaw(client: Client, taskQueue: string, machineId: string, input: unknown): Promise<MigrationHandle> {
  return (await client.workflow.start(MIGRATE_MACHINE_WORKFLOW, {
    taskQueue,
    workflowId: workflowIdFor(machineId),
    args: [input],
  })) as MigrationHandle;
}

describe('raw starts with invalid requests', () => {
  it('end Failed at once with the field named in status, no activity, no failed workflow task, status bounded', async () => {
    const asr = new InMemorySiteRecovery();
    await withWorker({ siteRecovery: asr }, async ({ client, taskQueue }) => {
      await fc.assert(
        fc.asyncProperty(breakages, async (breakage) => {
          const valid = requestFor('vmware-to-azure') as Request;
          const input = breakage.apply(valid);
          // A breakage that happens to stay valid (e.g. a character a name allows) is not this property's case.
          fc.pre(!MigrationRequestSchema.safeParse(input).success);
          const handle = await startRaw(client, taskQueue, valid.machineId, input);

          const failure = await failureOf(handle);
          expect(failure.type).toBe('InvalidMigrationRequest');
          const refused = await status(handle);
          expect(refused).toMatchObject({ machineId: valid.machineId, stage: 'Failed', lastError: { code: 'InvalidMigrationRequest' } });
          expect(refused.requestErrors?.map((e) => e.path)).toContain(breakage.path);
          expect(JSON.stringify(refused).length).toBeLessThan(MAX_STATUS_CHARS);
          expect(failure.message.length).toBeLessThan(MAX_STATUS_CHARS);
          expect(await historySummary(handle)).toEqual({ activities: [], failedWorkflowTasks: 0 });
        }),
        { numRuns: 60 },
      );
      expect(asr.calls).toEqual([]);
    });
  });

  it('keep the first problems and count the rest when there are more than status keeps', async () => {
    await withWorker({ siteRecovery: new InMemorySiteRecovery() }, async ({ client, taskQueue }) => {
      const valid = requestFor('azure-to-azure') as Request;
      const input = withValue(
        valid,
        'source.managedDiskIds',
        Array.from({ length: 50 }, (_, i) => `disk-${i}`),
      );
      const handle = await startRaw(client, taskQueue, valid.machineId, input);
      expect((await failureOf(handle)).type).toBe('InvalidMigrationRequest');
      const { requestErrors } = await status(handle);
      expect(requestErrors).toHaveLength(11);
      expect(requestErrors?.[0].path).toBe('source.managedDiskIds.0');
      expect(requestErrors?.at(-1)).toEqual({ path: '', message: expect.stringMatching(/^and \d+ more$/) });
    });
  });
});
