import { z } from 'zod';
import { lazySchema } from './lazy-schema';
import { checkWith, fieldMessages, formatIssues, issueBullets, type Checked, type FieldIssue } from './field-issues';
import { plainText } from './plain-text';
import { LENIENT_NESTED_RULES, STRICT_RULES, type RequestFieldRules } from './request-field-rules';

/**
 * The migration request: the one input of `migrateMachine`, validated before any workflow starts.
 * Services, the CLI and the workflow itself share this schema; the workflow keeps the earlier versions
 * (V2, V1) for migrations started under them.
 */

export const SCENARIOS = ['hyperv-to-azure', 'vmware-to-azure', 'physical-to-azure', 'aws-to-azure', 'azure-to-azure'] as const;
export type Scenario = (typeof SCENARIOS)[number];

export type ReplicationProvider = 'HyperVReplicaAzure' | 'InMageRcm' | 'A2A';

/** How ASR names the replication provider behind each scenario. */
export const REPLICATION_PROVIDER: Record<Scenario, ReplicationProvider> = {
  'hyperv-to-azure': 'HyperVReplicaAzure',
  'vmware-to-azure': 'InMageRcm',
  'physical-to-azure': 'InMageRcm',
  'aws-to-azure': 'InMageRcm',
  'azure-to-azure': 'A2A',
};

/**
 * ASR's multi-VM consistency groups (`multiVmGroupName` of the enable input): the providers that have them.
 * HyperVReplicaAzure has none. The one place that decides, for the machine and the wave request alike.
 */
const MULTI_VM_GROUP_PROVIDERS: readonly ReplicationProvider[] = ['InMageRcm', 'A2A'];

export function supportsMultiVmGroup(scenario: Scenario): boolean {
  return MULTI_VM_GROUP_PROVIDERS.includes(REPLICATION_PROVIDER[scenario]);
}

/** Why a scenario cannot take a multiVmGroupName (for one without multi-VM groups); `subject` names what was refused. */
export function multiVmGroupUnsupported(scenario: Scenario, subject: string = scenario): string {
  const supported = SCENARIOS.filter(supportsMultiVmGroup).join(', ');
  return `is not supported for ${subject}: ASR's ${REPLICATION_PROVIDER[scenario]} provider has no multi-VM consistency groups (only ${supported})`;
}

/** ASR replicates at most this many machines together in one multi-VM group (replication group). */
export const MAX_MULTI_VM_GROUP_MACHINES = 16;

/** The name of an ASR multi-VM consistency group: machines of one group share crash- and app-consistent recovery points. */
export const MultiVmGroupNameSchema = lazySchema(() => plainText(80));

export type FailoverType = 'planned' | 'unplanned';

/**
 * Hyper-V is the only migration scenario where ASR offers a planned (no data loss) failover. The one place
 * that decides: the workflow shows it in status, the Site Recovery adapter runs it.
 */
export function failoverTypeFor(scenario: Scenario): FailoverType {
  return scenario === 'hyperv-to-azure' ? 'planned' : 'unplanned';
}

export const MachineIdSchema = lazySchema(() =>
  z
    .string()
    .regex(
      /^[A-Za-z0-9][A-Za-z0-9._-]{0,62}$/,
      'must be 1-63 characters: letters, digits, ".", "_" or "-", starting with a letter or digit',
    ),
);

export const RECOVERY_POINTS = ['Latest', 'LatestProcessed', 'LatestApplicationConsistent'] as const;
export type RecoveryPoint = (typeof RECOVERY_POINTS)[number];

/** Azure's largest VM sizes take 64 data disks, plus the OS disk. */
const MAX_MANAGED_DISKS = 65;
const MAX_APPROVERS = 100;

/**
 * Each scenario's source schema, built when first read: a migration's workflow builds its request schema for its
 * own scenario only (requestSchemaWith's `only`), so it builds one of these, not five.
 */
function sourceSchemasWith({ name, armId, nestedObject, list }: RequestFieldRules) {
  /** An ASR network mapping (VMM clouds and Azure-to-Azure replicate through one). */
  const networkMapping = () => nestedObject({ fabricName: name, networkName: name, mappingName: name });
  const onPremisesContainer = {
    /** The ASR fabric: Hyper-V site, VMM server, or the VMware/physical configuration server / appliance. */
    fabricName: name,
    protectionContainerName: name,
    osType: z.enum(['Windows', 'Linux']).default('Windows'),
  };
  const inMageRcmSource = {
    ...onPremisesContainer,
    /** The machine id as discovered by the replication appliance. */
    fabricDiscoveryMachineId: name,
    processServerId: name,
  };
  return builtWhenRead({
    'hyperv-to-azure': () =>
      z.strictObject({
        ...onPremisesContainer,
        /** The protectable item (the Hyper-V VM id as ASR discovered it). */
        protectableItemName: name,
        /** Set when the Hyper-V hosts are managed by VMM: the VMM network mapping to check in preflight. */
        vmmNetworkMapping: networkMapping().optional(),
      }),
    'vmware-to-azure': () =>
      z.strictObject({
        ...inMageRcmSource,
        /** The vCenter/ESXi credentials the appliance uses to push the mobility agent. */
        runAsAccountId: name,
      }),
    'physical-to-azure': () => z.strictObject({ ...inMageRcmSource }),
    'aws-to-azure': () =>
      z.strictObject({
        ...inMageRcmSource,
        /** For the record only: ASR treats the instance as a physical server. */
        awsInstanceId: z.string().regex(/^i-[0-9a-f]{8,17}$/, 'must be an EC2 instance id (i-...)'),
        awsRegion: name,
      }),
    'azure-to-azure': () =>
      z.strictObject({
        /** Fabric and container of the source region. */
        fabricName: name,
        protectionContainerName: name,
        /** The source VM's resource id. */
        sourceVmId: armId,
        recoveryFabricName: name,
        recoveryProtectionContainerName: name,
        recoveryRegion: name,
        networkMapping: networkMapping(),
        /** The source VM's managed disks to replicate (ASR needs each one named; the OS disk at least). */
        managedDiskIds: list(
          armId.regex(
            /\/providers\/Microsoft\.Compute\/disks\/[^/]+$/i,
            'must be a managed disk id (.../providers/Microsoft.Compute/disks/NAME)',
          ),
          MAX_MANAGED_DISKS,
        ).min(1, 'must list at least the OS disk'),
        /** A storage account in the source region where ASR stages changes before sending them. */
        stagingStorageAccountId: armId.regex(/\/providers\/Microsoft\.Storage\/storageAccounts\/[^/]+$/i, 'must be a storage account id'),
      }),
  });
}

/** An object whose every property is built by its builder when first read, then kept. */
function builtWhenRead<T extends Record<string, () => unknown>>(builders: T): { [K in keyof T]: ReturnType<T[K]> } {
  const built = {} as { [K in keyof T]: ReturnType<T[K]> };
  for (const key of Object.keys(builders) as (keyof T)[]) {
    let value: ReturnType<T[typeof key]> | undefined;
    Object.defineProperty(built, key, { enumerable: true, get: () => (value ??= builders[key]() as ReturnType<T[typeof key]>) });
  }
  return built;
}

function commonFieldsWith({ name, armId, vmSize, wave, nestedObject, list }: RequestFieldRules) {
  return {
    machineId: MachineIdSchema,
    displayName: name,
    vault: nestedObject({
      subscriptionId: z
        .string()
        .regex(/^[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}$/, 'must be a subscription GUID'),
      resourceGroup: name,
      name: name,
    }),
    target: nestedObject({
      resourceGroupId: armId,
      virtualNetworkId: armId,
      subnetName: name,
      /** An isolated network for the test failover; never the production network. */
      testVirtualNetworkId: armId,
      vmName: name.optional(),
      vmSize,
      diskType: z.enum(['Standard_LRS', 'StandardSSD_LRS', 'Premium_LRS']),
    }),
    replicationPolicyName: name,
    wave: wave.optional(),
    /**
     * Who started the migration: the API sets it from the caller's token (a body naming one is refused), the
     * CLI from `start --by`, a service names itself. The four-eyes rules keep them from approving its cutover.
     */
    startedBy: name.optional(),
    failover: nestedObject({
      /** Shut the source down before an unplanned failover (ignored for Hyper-V, whose planned failover always does). */
      shutdownSource: z.boolean().default(true),
      recoveryPoint: z.enum(RECOVERY_POINTS).default('Latest'),
    }).prefault({}),
    approval: nestedObject({
      /** When set, only these operators may decide; decisions from anyone else are recorded as rejected. */
      approvers: list(name, MAX_APPROVERS).min(1).optional(),
    }).prefault({}),
    replicationWait: nestedObject({
      /** How often the initial sync is checked (the retry interval of the polling activity). */
      pollIntervalSeconds: z.number().int().min(1).max(3600).default(60),
      /** No progress for this long flags the replication as stalled. */
      stallAfterMinutes: z.number().positive().max(10080).default(60),
    }).prefault({}),
  };
}

type SourceSchemas = ReturnType<typeof sourceSchemasWith>;

function requestSchemaWith<Sources extends { [S in Scenario]: z.ZodType }, Added extends z.ZodRawShape = Record<never, never>>(
  rules: RequestFieldRules,
  sources: Sources,
  /** Fields a version adds to the request itself. */
  added: Added = {} as Added,
  /**
   * The scenario of the request to check, when it names a known one: the union would parse it with that
   * scenario's option alone (scenarioOf), so only that option is built, with the same result.
   */
  only?: Scenario,
) {
  const commonFields = commonFieldsWith(rules);
  const requestFor = <S extends Scenario>(scenario: S) =>
    z.strictObject({ scenario: z.literal(scenario), source: sources[scenario], ...commonFields, ...added });
  const everyScenario = () =>
    z.discriminatedUnion('scenario', [
      requestFor('hyperv-to-azure'),
      requestFor('vmware-to-azure'),
      requestFor('physical-to-azure'),
      requestFor('aws-to-azure'),
      requestFor('azure-to-azure'),
    ]);
  if (only === undefined) return everyScenario();
  return z.discriminatedUnion('scenario', [requestFor(only)]) as unknown as ReturnType<typeof everyScenario>;
}

/**
 * The scenario a request names, as the request schema's union reads it to choose its option (`scenario` of an
 * object that is not an array); undefined when that is not a known scenario.
 */
export function scenarioOf(input: unknown): Scenario | undefined {
  if (typeof input !== 'object' || input === null || Array.isArray(input)) return undefined;
  const named = (input as { scenario?: unknown }).scenario;
  return SCENARIOS.find((scenario) => scenario === named);
}

/** Today's parts of a request, shared with the protection request (common/protection-request.ts). */
export const STRICT_SOURCES = lazySchema(() => sourceSchemasWith(STRICT_RULES));
export const STRICT_COMMON_FIELDS = lazySchema(() => commonFieldsWith(STRICT_RULES));

/**
 * Each version of the request schema, built afresh by each call. The migration workflow validates its request
 * once, at its start (again on replay), with a schema its worker thread builds once (workflows/thread-shared.ts):
 * none is kept in each cached migration (today's would be ~130 KB of heap in each). Given the request's scenario
 * (scenarioOf), only that scenario's part is built: the same checks and messages for that request, a fraction of
 * the work. Everything else validates with the schemas below, built once.
 */
export const buildMigrationRequestSchema = {
  /**
   * What a new migration must satisfy: every object refuses unknown keys, every field is bounded. Only this
   * version knows `multiVmGroupName` (a version's rules never change; earlier ones refuse it as unknown).
   */
  current: (only?: Scenario) =>
    requestSchemaWith(
      STRICT_RULES,
      sourceSchemasWith(STRICT_RULES),
      {
        /** ASR multi-VM consistency group the machine joins at enable replication (InMageRcm and A2A only). */
        multiVmGroupName: MultiVmGroupNameSchema.optional(),
      },
      only,
    ).superRefine((request, ctx) => {
      if (request.multiVmGroupName !== undefined && !supportsMultiVmGroup(request.scenario))
        ctx.addIssue({ code: 'custom', path: ['multiVmGroupName'], message: multiVmGroupUnsupported(request.scenario) });
    }),
  /**
   * Requests of migrations started before 'strict-request-objects': nested objects (target, vault, failover,
   * approval, replicationWait, the network mapping) dropped unknown keys. Only the workflow uses it, for runs
   * without that patch.
   */
  v2: (only?: Scenario) => requestSchemaWith(LENIENT_NESTED_RULES, sourceSchemasWith(LENIENT_NESTED_RULES), {}, only),
  /**
   * Requests of migrations started before Azure-to-Azure required `managedDiskIds` and
   * `stagingStorageAccountId` (and before 'strict-request-objects'). Only the workflow uses it, for runs
   * without the patch that made them required.
   */
  v1: (only?: Scenario) => {
    const sources: SourceSchemas = sourceSchemasWith(LENIENT_NESTED_RULES);
    return requestSchemaWith(
      LENIENT_NESTED_RULES,
      { ...sources, 'azure-to-azure': sources['azure-to-azure'].partial({ managedDiskIds: true, stagingStorageAccountId: true }) },
      {},
      only,
    );
  },
};

/** What a new migration must satisfy (buildMigrationRequestSchema.current, built once). */
export const MigrationRequestSchema = lazySchema(buildMigrationRequestSchema.current);
/** Requests started before 'strict-request-objects' (buildMigrationRequestSchema.v2, built once). */
export const MigrationRequestSchemaV2 = lazySchema(buildMigrationRequestSchema.v2);
/** Requests started before Azure-to-Azure required its disks (buildMigrationRequestSchema.v1, built once). */
export const MigrationRequestSchemaV1 = lazySchema(buildMigrationRequestSchema.v1);

export type VaultRef = z.infer<typeof MigrationRequestSchema>['vault'];

/**
 * A validated request (defaults applied), as a running workflow may carry it: a migration started before a
 * field became required may lack it, so code reading such fields handles their absence.
 */
export type MigrationRequest = z.infer<typeof MigrationRequestSchemaV1> & { multiVmGroupName?: string };

/** The ASR network mapping preflight checks: Azure-to-Azure always names one, Hyper-V under VMM may, others none. */
export function networkMappingFor(
  request: MigrationRequest,
): Extract<MigrationRequest, { scenario: 'azure-to-azure' }>['source']['networkMapping'] | undefined {
  if (request.scenario === 'azure-to-azure') return request.source.networkMapping;
  if (request.scenario === 'hyperv-to-azure') return request.source.vmmNetworkMapping;
  return undefined;
}
/** What a caller may send (defaults still to apply). */
export type MigrationRequestInput = z.input<typeof MigrationRequestSchema>;

/** What an error calls a request itself (an issue with no field path). */
export const REQUEST_ROOT = '(request)';

export class InvalidMigrationRequestError extends Error {
  constructor(readonly issues: FieldIssue[]) {
    super(`Invalid migration request:\n${issueBullets(issues, REQUEST_ROOT).join('\n')}`);
    this.name = 'InvalidMigrationRequestError';
  }
}

/** Earlier name of `fieldMessages`, kept for the callers that pass it to `safeParse`. */
export const missingFieldMessages = fieldMessages;
export { formatIssues };

/** Checks a request against today's schema: the request with defaults applied, or every bad field. */
export function checkMigrationRequest(input: unknown): Checked<MigrationRequest> {
  return checkWith(MigrationRequestSchema, input);
}

/**
 * Validates a request; throws InvalidMigrationRequestError with one line per bad field. The client, its
 * batches and the CLI all validate through here, so the same input gets the same message everywhere.
 */
export function parseMigrationRequest(input: unknown): MigrationRequest {
  const checked = checkMigrationRequest(input);
  if (!checked.success) throw new InvalidMigrationRequestError(checked.issues);
  return checked.data;
}
