import { z } from 'zod';

/**
 * The migration request: the one input of `migrateMachine`, validated before any workflow starts.
 * Services, the CLI and the workflow itself share this schema.
 */

export const SCENARIOS = [
  'hyperv-to-azure',
  'vmware-to-azure',
  'physical-to-azure',
  'aws-to-azure',
  'azure-to-azure',
] as const;
export type Scenario = (typeof SCENARIOS)[number];

/** How ASR names the replication provider behind each scenario. */
export const REPLICATION_PROVIDER: Record<Scenario, 'HyperVReplicaAzure' | 'InMageRcm' | 'A2A'> = {
  'hyperv-to-azure': 'HyperVReplicaAzure',
  'vmware-to-azure': 'InMageRcm',
  'physical-to-azure': 'InMageRcm',
  'aws-to-azure': 'InMageRcm',
  'azure-to-azure': 'A2A',
};

/** Hyper-V is the only migration scenario where ASR offers a planned (no data loss) failover. */
export function failoverTypeFor(scenario: Scenario): 'planned' | 'unplanned' {
  return scenario === 'hyperv-to-azure' ? 'planned' : 'unplanned';
}

const name = z.string().trim().min(1, 'must not be empty').max(260);
const armId = z
  .string()
  .trim()
  .regex(/^\/subscriptions\/[^/]+\/resourceGroups\/[^/]+(\/.*)?$/i, 'must be an Azure resource id (/subscriptions/.../resourceGroups/...)');

export const MachineIdSchema = z
  .string()
  .regex(
    /^[A-Za-z0-9][A-Za-z0-9._-]{0,62}$/,
    'must be 1-63 characters: letters, digits, ".", "_" or "-", starting with a letter or digit',
  );

export const VaultSchema = z.object({
  subscriptionId: z
    .string()
    .regex(/^[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}$/, 'must be a subscription GUID'),
  resourceGroup: name,
  name: name,
});
export type VaultRef = z.infer<typeof VaultSchema>;

/** An ASR network mapping (VMM clouds and Azure-to-Azure replicate through one). */
export const NetworkMappingSchema = z.object({
  fabricName: name,
  networkName: name,
  mappingName: name,
});

const onPremisesContainer = {
  /** The ASR fabric: Hyper-V site, VMM server, or the VMware/physical configuration server / appliance. */
  fabricName: name,
  protectionContainerName: name,
  osType: z.enum(['Windows', 'Linux']).default('Windows'),
};

export const HyperVSourceSchema = z.object({
  ...onPremisesContainer,
  /** The protectable item (the Hyper-V VM id as ASR discovered it). */
  protectableItemName: name,
  /** Set when the Hyper-V hosts are managed by VMM: the VMM network mapping to check in preflight. */
  vmmNetworkMapping: NetworkMappingSchema.optional(),
}).strict();

const inMageRcmSource = {
  ...onPremisesContainer,
  /** The machine id as discovered by the replication appliance. */
  fabricDiscoveryMachineId: name,
  processServerId: name,
};

export const VMwareSourceSchema = z.object({
  ...inMageRcmSource,
  /** The vCenter/ESXi credentials the appliance uses to push the mobility agent. */
  runAsAccountId: name,
}).strict();

export const PhysicalSourceSchema = z.object({
  ...inMageRcmSource,
}).strict();

export const AwsSourceSchema = z.object({
  ...inMageRcmSource,
  /** For the record only: ASR treats the instance as a physical server. */
  awsInstanceId: z.string().regex(/^i-[0-9a-f]{8,17}$/, 'must be an EC2 instance id (i-...)'),
  awsRegion: name,
}).strict();

export const AzureSourceSchema = z.object({
  /** Fabric and container of the source region. */
  fabricName: name,
  protectionContainerName: name,
  /** The source VM's resource id. */
  sourceVmId: armId,
  recoveryFabricName: name,
  recoveryProtectionContainerName: name,
  recoveryRegion: name,
  networkMapping: NetworkMappingSchema,
  /** The source VM's managed disks to replicate (ASR needs each one named; the OS disk at least). */
  managedDiskIds: z
    .array(armId.regex(/\/providers\/Microsoft\.Compute\/disks\/[^/]+$/i, 'must be a managed disk id (.../providers/Microsoft.Compute/disks/NAME)'))
    .min(1, 'must list at least the OS disk'),
  /** A storage account in the source region where ASR stages changes before sending them. */
  stagingStorageAccountId: armId.regex(/\/providers\/Microsoft\.Storage\/storageAccounts\/[^/]+$/i, 'must be a storage account id'),
}).strict();

export const SOURCE_SCHEMAS = {
  'hyperv-to-azure': HyperVSourceSchema,
  'vmware-to-azure': VMwareSourceSchema,
  'physical-to-azure': PhysicalSourceSchema,
  'aws-to-azure': AwsSourceSchema,
  'azure-to-azure': AzureSourceSchema,
} as const;


export const TargetSchema = z.object({
  resourceGroupId: armId,
  virtualNetworkId: armId,
  subnetName: name,
  /** An isolated network for the test failover; never the production network. */
  testVirtualNetworkId: armId,
  vmName: name.optional(),
  vmSize: z.string().regex(/^(Standard|Basic)_[A-Za-z0-9_]+$/, 'must be an Azure VM size such as Standard_D2s_v3'),
  diskType: z.enum(['Standard_LRS', 'StandardSSD_LRS', 'Premium_LRS']),
});

export const RECOVERY_POINTS = ['Latest', 'LatestProcessed', 'LatestApplicationConsistent'] as const;
export type RecoveryPoint = (typeof RECOVERY_POINTS)[number];

export const FailoverOptionsSchema = z
  .object({
    /** Shut the source down before an unplanned failover (ignored for Hyper-V, whose planned failover always does). */
    shutdownSource: z.boolean().default(true),
    recoveryPoint: z.enum(RECOVERY_POINTS).default('Latest'),
  })
  .prefault({});

export const ApprovalSettingsSchema = z
  .object({
    /** When set, only these operators may decide; decisions from anyone else are recorded as rejected. */
    approvers: z.array(name).min(1).optional(),
  })
  .prefault({});

export const ReplicationWaitSchema = z
  .object({
    /** How often the initial sync is checked (the retry interval of the polling activity). */
    pollIntervalSeconds: z.number().int().min(1).max(3600).default(60),
    /** No progress for this long flags the replication as stalled. */
    stallAfterMinutes: z.number().positive().max(10080).default(60),
  })
  .prefault({});

const commonFields = {
  machineId: MachineIdSchema,
  displayName: name,
  vault: VaultSchema,
  target: TargetSchema,
  replicationPolicyName: name,
  wave: z.string().trim().min(1).max(100).optional(),
  failover: FailoverOptionsSchema,
  approval: ApprovalSettingsSchema,
  replicationWait: ReplicationWaitSchema,
};

function requestSchema<Sources extends { [S in Scenario]: z.ZodType }>(sources: Sources) {
  const requestFor = <S extends Scenario>(scenario: S) =>
    z.object({ scenario: z.literal(scenario), source: sources[scenario], ...commonFields }).strict();
  return z.discriminatedUnion('scenario', [
    requestFor('hyperv-to-azure'),
    requestFor('vmware-to-azure'),
    requestFor('physical-to-azure'),
    requestFor('aws-to-azure'),
    requestFor('azure-to-azure'),
  ]);
}

/** What a new migration must satisfy. */
export const MigrationRequestSchema = requestSchema(SOURCE_SCHEMAS);

/**
 * Requests of migrations started before Azure-to-Azure required `managedDiskIds` and
 * `stagingStorageAccountId`. Only the workflow uses it, for runs without the patch that made them required.
 */
export const MigrationRequestSchemaV1 = requestSchema({
  ...SOURCE_SCHEMAS,
  'azure-to-azure': AzureSourceSchema.partial({ managedDiskIds: true, stagingStorageAccountId: true }),
});

/**
 * A validated request (defaults applied), as a running workflow may carry it: a migration started before a
 * field became required may lack it, so code reading such fields handles their absence.
 */
export type MigrationRequest = z.infer<typeof MigrationRequestSchemaV1>;
/** What a caller may send (defaults still to apply). */
export type MigrationRequestInput = z.input<typeof MigrationRequestSchema>;

export class InvalidMigrationRequestError extends Error {
  constructor(readonly issues: { path: string; message: string }[]) {
    super(`Invalid migration request:\n${issues.map((i) => `  - ${i.path || '(request)'}: ${i.message}`).join('\n')}`);
    this.name = 'InvalidMigrationRequestError';
  }
}

export function formatIssues(error: z.ZodError): { path: string; message: string }[] {
  return error.issues.map((issue) => ({ path: issue.path.map(String).join('.'), message: issue.message }));
}

/** Says "is required" for a missing field rather than "expected string, received undefined". */
export const missingFieldMessages = { error: (issue: { code?: string; input?: unknown }) => (issue.code === 'invalid_type' && issue.input === undefined ? 'is required' : undefined) };

/** Validates a request; throws InvalidMigrationRequestError with one line per bad field. */
export function parseMigrationRequest(input: unknown): MigrationRequest {
  const result = MigrationRequestSchema.safeParse(input, missingFieldMessages);
  if (!result.success) throw new InvalidMigrationRequestError(formatIssues(result.error));
  return result.data;
}

