import fc from 'fast-check';
import type { z } from 'zod';
import { MigrationRequestSchema, RECOVERY_POINTS, SCENARIOS, supportsMultiVmGroup, type Scenario } from '../../common/migration-request';
import { CONTROL_CHARACTERS } from '../../common/plain-text';

/**
 * fast-check generators of migration requests: valid ones (unicode text, optional fields present or not)
 * and invalid ones made from a valid one by exactly one mutation, with the field path the error must name.
 */

type Json = null | boolean | number | string | Json[] | { [key: string]: Json };
type JsonObject = { [key: string]: Json };

const textUnit = fc.oneof(
  fc.constantFrom('a', 'Z', '0', '-', '_', ' ', '\\', "'", '"', '%', 'é', 'ß', '☃', '😀', '中'),
  fc.string({ unit: 'grapheme', minLength: 1, maxLength: 1 }),
);

/** Text as an operator may type it: any unicode, but trimmed, non-empty and free of control characters. */
export function plainTextArb(maxLength: number): fc.Arbitrary<string> {
  return fc
    .string({ unit: textUnit, minLength: 1, maxLength: Math.ceil(maxLength / 2) })
    .filter((s) => s.trim() === s && s.length > 0 && s.length <= maxLength && !CONTROL_CHARACTERS.test(s));
}

const name = plainTextArb(40);
const guid = fc.uuid();
const segment = plainTextArb(30).filter((s) => !s.includes('/'));
const resourceGroupId = fc.tuple(guid, segment).map(([sub, rg]) => `/subscriptions/${sub}/resourceGroups/${rg}`);
const resourceId = (provider: string) =>
  fc.tuple(resourceGroupId, segment).map(([rg, resource]) => `${rg}/providers/${provider}/${resource}`);

const networkMapping = fc.record({ fabricName: name, networkName: name, mappingName: name });
const onPremises = { fabricName: name, protectionContainerName: name, osType: fc.constantFrom('Windows', 'Linux') };
const inMageRcm = { ...onPremises, fabricDiscoveryMachineId: name, processServerId: name };
const optional = { requiredKeys: [] };

function sourceArb(scenario: Scenario): fc.Arbitrary<JsonObject> {
  const required = (record: Record<string, fc.Arbitrary<Json>>, optionalKeys: string[] = []) =>
    fc.record(record, { requiredKeys: Object.keys(record).filter((k) => !optionalKeys.includes(k)) }) as fc.Arbitrary<JsonObject>;
  switch (scenario) {
    case 'hyperv-to-azure':
      return required({ ...onPremises, protectableItemName: name, vmmNetworkMapping: networkMapping }, ['osType', 'vmmNetworkMapping']);
    case 'vmware-to-azure':
      return required({ ...inMageRcm, runAsAccountId: name }, ['osType']);
    case 'physical-to-azure':
      return required(inMageRcm, ['osType']);
    case 'aws-to-azure':
      return required({ ...inMageRcm, awsInstanceId: fc.stringMatching(/^i-[0-9a-f]{8,17}$/), awsRegion: name }, ['osType']);
    case 'azure-to-azure':
      return required({
        fabricName: name,
        protectionContainerName: name,
        sourceVmId: resourceId('Microsoft.Compute/virtualMachines'),
        recoveryFabricName: name,
        recoveryProtectionContainerName: name,
        recoveryRegion: name,
        networkMapping,
        managedDiskIds: fc.array(resourceId('Microsoft.Compute/disks'), { minLength: 1, maxLength: 4 }),
        stagingStorageAccountId: resourceId('Microsoft.Storage/storageAccounts'),
      });
  }
}

/** A valid request of the scenario; its machine id is `machineId` when given (Temporal tests need unique ones). */
export function validRequestArb(machineId?: fc.Arbitrary<string>): fc.Arbitrary<JsonObject> {
  return fc.constantFrom(...SCENARIOS).chain((scenario) => {
    const request = {
      scenario: fc.constant(scenario),
      machineId: machineId ?? fc.stringMatching(/^[A-Za-z0-9][A-Za-z0-9._-]{0,62}$/),
      displayName: plainTextArb(260),
      vault: fc.record({ subscriptionId: guid, resourceGroup: name, name }),
      source: sourceArb(scenario),
      target: fc.record(
        {
          resourceGroupId,
          virtualNetworkId: resourceId('Microsoft.Network/virtualNetworks'),
          subnetName: name,
          testVirtualNetworkId: resourceId('Microsoft.Network/virtualNetworks'),
          vmName: name,
          vmSize: fc.stringMatching(/^(Standard|Basic)_[A-Za-z0-9_]{1,20}$/),
          diskType: fc.constantFrom('Standard_LRS', 'StandardSSD_LRS', 'Premium_LRS'),
        },
        { requiredKeys: ['resourceGroupId', 'virtualNetworkId', 'subnetName', 'testVirtualNetworkId', 'vmSize', 'diskType'] },
      ),
      replicationPolicyName: name,
      wave: plainTextArb(100),
      failover: fc.record({ shutdownSource: fc.boolean(), recoveryPoint: fc.constantFrom(...RECOVERY_POINTS) }, optional),
      approval: fc.record({ approvers: fc.array(name, { minLength: 1, maxLength: 5 }) }, optional),
      replicationWait: fc.record(
        { pollIntervalSeconds: fc.integer({ min: 1, max: 3600 }), stallAfterMinutes: fc.integer({ min: 1, max: 10080 }) },
        optional,
      ),
      // Only where ASR has multi-VM groups (a Hyper-V request naming one is refused).
      ...(supportsMultiVmGroup(scenario) ? { multiVmGroupName: plainTextArb(80) } : {}),
    };
    return fc.record(request, {
      requiredKeys: ['scenario', 'machineId', 'displayName', 'vault', 'source', 'target', 'replicationPolicyName'],
    }) as fc.Arbitrary<JsonObject>;
  });
}

// ---- walking a request and its schema side by side ----

type Path = (string | number)[];

function unwrap(schema: z.ZodType): z.ZodType {
  let current = schema;
  for (;;) {
    const def = current.def as { type: string; innerType?: z.ZodType; in?: z.ZodType };
    if (def.innerType && ['optional', 'default', 'prefault', 'nullable'].includes(def.type)) current = def.innerType;
    else if (def.type === 'pipe' && def.in) current = def.in;
    else return current;
  }
}

/** A request schema: a union keyed on `scenario` (the migration request's, or the protection request's). */
export interface RequestUnion {
  options: readonly z.ZodType[];
}

/** The schema of the field at `path` of `request` (the union option is the one of its scenario). */
function schemaAt(request: JsonObject, path: Path, union: RequestUnion = MigrationRequestSchema): z.ZodType {
  let schema = union.options.find((option) =>
    (option as z.ZodObject).shape.scenario.def.values?.includes(request.scenario as string),
  ) as z.ZodType;
  for (const step of path) {
    const def = unwrap(schema).def as { type: string; shape?: Record<string, z.ZodType>; element?: z.ZodType };
    schema = def.type === 'array' ? def.element! : def.shape![String(step)];
  }
  return schema;
}

function knownKeys(request: JsonObject, path: Path, union?: RequestUnion): string[] {
  return Object.keys((unwrap(schemaAt(request, path, union)).def as unknown as { shape: object }).shape);
}

interface Place {
  path: Path;
  value: Json;
}

function placesIn(value: Json, path: Path = []): Place[] {
  const here = { path, value };
  if (Array.isArray(value)) return [here, ...value.flatMap((item, i) => placesIn(item, [...path, i]))];
  if (value !== null && typeof value === 'object') return [here, ...Object.entries(value).flatMap(([k, v]) => placesIn(v, [...path, k]))];
  return [here];
}

function kindOf(value: Json): string {
  return value === null ? 'null' : Array.isArray(value) ? 'array' : typeof value;
}

/** A copy of `object` with `key` as an own key, as JSON.parse makes it (even "__proto__"). */
function withOwnKey(object: JsonObject, key: string, value: Json): JsonObject {
  const copy = structuredClone(object);
  Object.defineProperty(copy, key, { value, enumerable: true, writable: true, configurable: true });
  return copy;
}

/** A copy of `request` with the value at `path` replaced by `change(old)`, or the key deleted when it returns undefined. */
function changedAt(request: JsonObject, path: Path, change: (old: Json) => Json | undefined): JsonObject {
  const copy = structuredClone(request);
  let parent: Json = copy;
  for (const step of path.slice(0, -1)) parent = (parent as JsonObject)[step as string];
  const last = path[path.length - 1] as string;
  const next = change((parent as JsonObject)[last]);
  if (next === undefined) delete (parent as JsonObject)[last];
  else (parent as JsonObject)[last] = next;
  return copy;
}

// ---- one mutation each ----

export interface InvalidRequest {
  request: JsonObject;
  /** What was done, for the failure report. */
  mutation: string;
  /** The path the error must name (`a.b.0`; '' for the request itself). */
  path: string;
  /** What the message for that path must match, when the mutation fixes it. */
  message?: RegExp;
}

const OTHER_VALUES: Record<string, Json[]> = {
  null: [0, 'text', true, [], {}],
  number: [null, '1', true, [], {}],
  string: [null, 1, false, ['x'], { value: 'x' }],
  boolean: [null, 0, 'true', [], {}],
  array: [null, 1, 'a,b', true, {}],
  object: [null, 1, 'object', false, []],
};

const CONTROLS = ['\u0000', '\u0007', '\n', '\r', '\t', '\u001b[31m', '\u007f', '\u0085', '\u2028', '\u202e', '\u2066', '\ud800'];

const unknownKey = fc.oneof(
  fc.string({ minLength: 1, maxLength: 20 }),
  fc.constantFrom('__proto__', 'constructor', 'toString', 'approver', 'shutdownsource', 'Source', 'vmsize', 'x'.repeat(500)),
);

const escapeForRegExp = (text: string) => text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

/** A request that is invalid in exactly one place, made from a valid one. */
export function invalidRequestArb(
  valid: fc.Arbitrary<JsonObject> = validRequestArb(),
  union: RequestUnion = MigrationRequestSchema,
): fc.Arbitrary<InvalidRequest> {
  return valid.chain((request) => {
    const places = placesIn(request);
    const objects = places.filter((p) => kindOf(p.value) === 'object');
    const fields = places.filter((p) => p.path.length > 0);
    const strings = places.filter((p) => typeof p.value === 'string');
    const lists = places.filter((p) => Array.isArray(p.value));
    const required = fields.filter(
      (p) => typeof p.path[p.path.length - 1] === 'string' && !schemaAt(request, p.path, union).safeParse(undefined).success,
    );
    const at = (path: Path) => path.join('.');

    const withUnknownKey = fc
      .tuple(fc.constantFrom(...objects), unknownKey, fc.jsonValue())
      .filter(([place, key]) => !knownKeys(request, place.path, union).includes(key))
      .map(([place, key, value]): InvalidRequest => {
        const withKey = (object: JsonObject) => withOwnKey(object, key, value as Json);
        const changed = place.path.length === 0 ? withKey(request) : changedAt(request, place.path, (old) => withKey(old as JsonObject));
        const shown = JSON.stringify(key.length > 64 ? `${key.slice(0, 64)}…` : key);
        return {
          request: changed,
          mutation: `unknown key ${JSON.stringify(key)} in ${at(place.path) || 'the request'}`,
          path: at(place.path),
          message: new RegExp(`^unrecognized keys? ${escapeForRegExp(shown)}$`),
        };
      });
    const withoutRequired = fc.constantFrom(...required).map((place): InvalidRequest => ({
      request: changedAt(request, place.path, () => undefined),
      mutation: `missing ${at(place.path)}`,
      path: at(place.path),
      message: /^is required$/,
    }));
    const withWrongType = fc.tuple(fc.constantFrom(...fields), fc.nat()).map(([place, pick]): InvalidRequest => {
      const others = OTHER_VALUES[kindOf(place.value)];
      const replacement = others[pick % others.length];
      return {
        request: changedAt(request, place.path, () => replacement),
        mutation: `${at(place.path)} = ${JSON.stringify(replacement)}`,
        path: at(place.path),
      };
    });
    const withOversizedString = fc
      .tuple(fc.constantFrom(...strings), fc.integer({ min: 1100, max: 20_000 }))
      .map(([place, extra]): InvalidRequest => ({
        request: changedAt(request, place.path, (old) => `${old as string}${'x'.repeat(extra)}`),
        mutation: `${at(place.path)} + ${extra} characters`,
        path: at(place.path),
      }));
    const withControlCharacter = fc
      .tuple(fc.constantFrom(...strings), fc.constantFrom(...CONTROLS))
      .map(([place, control]): InvalidRequest => {
        // After the first character (by code point), so that trimming cannot remove it.
        const [first, ...rest] = Array.from(place.value as string);
        const changed = `${first}${control}${rest.length > 0 ? rest.join('') : first}`;
        return {
          request: changedAt(request, place.path, () => changed),
          mutation: `${JSON.stringify(control)} in ${at(place.path)}`,
          path: at(place.path),
        };
      });
    const choices: fc.Arbitrary<InvalidRequest>[] = [withUnknownKey, withWrongType, withOversizedString, withControlCharacter];
    if (required.length > 0) choices.push(withoutRequired);
    if (lists.length > 0) {
      choices.push(
        fc.constantFrom(...lists).map((place): InvalidRequest => ({
          request: changedAt(request, place.path, (old) => Array.from({ length: 200 }, () => (old as Json[])[0])),
          mutation: `${at(place.path)} with 200 entries`,
          path: at(place.path),
        })),
      );
    }
    return fc.oneof(...choices);
  });
}

/** The issue the mutation must have produced, if it is among `issues`. */
export function issueNaming(invalid: InvalidRequest, issues: { path: string; message: string }[]) {
  return issues.find((issue) => issue.path === invalid.path && (invalid.message === undefined || invalid.message.test(issue.message)));
}
