import { z } from 'zod';
import { lazySchema } from './lazy-schema';
import { checkWith, issueBullets, type Checked, type FieldIssue } from './field-issues';
import { REQUEST_ROOT, STRICT_COMMON_FIELDS, STRICT_SOURCES, type MigrationRequest, type Scenario } from './migration-request';
import { STRICT_RULES } from './request-field-rules';

/**
 * The protection request: the one input of `protectMachine` (disaster recovery). It is the migration
 * request's parts (machine, vault, source, target, policy, approval, sync wait: common/migration-request.ts)
 * with `mode: "disaster-recovery"` and a `protection` policy. Only the sources ASR protects for disaster
 * recovery to Azure are accepted; AWS and Azure-to-Azure sources are migration only here.
 */

export const PROTECTABLE_SCENARIOS = ['hyperv-to-azure', 'vmware-to-azure', 'physical-to-azure'] as const;
export type ProtectableScenario = (typeof PROTECTABLE_SCENARIOS)[number];
const MIGRATION_ONLY_SCENARIOS = ['aws-to-azure', 'azure-to-azure'] as const satisfies readonly Exclude<Scenario, ProtectableScenario>[];

/** At most this many notification webhooks per machine. */
const MAX_WEBHOOKS = 5;

const httpsUrl = lazySchema(() => STRICT_RULES.name.max(2048).regex(/^https:\/\/[^\s/]+(\/\S*)?$/, 'must be an https:// URL'));

/**
 * How a machine is protected: how often health is read, drills, notifications. The RPO threshold is the
 * replication policy's own (read with the item's health), not repeated here.
 */
const protectionPolicy = z.prefault(
  lazySchema(() =>
    z.strictObject({
      /** Replication health and RPO are read this often while protected (each read is one billable retry, no history). */
      healthCheckSeconds: z.number().int().min(1).max(86_400).default(900),
      /** A drill nobody signs off is cleaned up after this long. */
      drillAutoCleanupSeconds: z
        .number()
        .int()
        .min(1)
        .max(7 * 86_400)
        .default(4 * 3600),
      /** Called (POST, JSON body with the machine and its test VM) after a drill's test failover; a non-2xx answer fails the drill. */
      drillValidationUrl: httpsUrl.optional(),
      /** Alerts (RPO, health) are posted here. */
      notifyWebhooks: STRICT_RULES.list(httpsUrl, MAX_WEBHOOKS).optional(),
    }),
  ),
  {},
);

const protectedFields = lazySchema(() => ({
  ...STRICT_COMMON_FIELDS,
  mode: z.literal('disaster-recovery'),
  protection: protectionPolicy,
}));

const requestFor = <S extends ProtectableScenario>(scenario: S) =>
  z.strictObject({ scenario: z.literal(scenario), source: STRICT_SOURCES[scenario], ...protectedFields });

/** A source ASR does not protect for disaster recovery: refused on `scenario`, whatever else the request says. */
const migrationOnly = <S extends (typeof MIGRATION_ONLY_SCENARIOS)[number]>(scenario: S) =>
  z.looseObject({ scenario: z.literal(scenario) }).refine(() => false, {
    path: ['scenario'],
    message: `${scenario} is migration only: Site Recovery protects Hyper-V, VMware and physical machines for disaster recovery (${PROTECTABLE_SCENARIOS.join(', ')}); migrate this machine with migrateMachine instead`,
  });

export const ProtectionRequestSchema = lazySchema(() =>
  z.discriminatedUnion('scenario', [
    requestFor('hyperv-to-azure'),
    requestFor('vmware-to-azure'),
    requestFor('physical-to-azure'),
    migrationOnly('aws-to-azure'),
    migrationOnly('azure-to-azure'),
  ]),
);

/** A valid protection request, defaults applied: a union keyed on `scenario`, so `source` narrows with it. */
export type ProtectionRequest = Extract<z.infer<typeof ProtectionRequestSchema>, { scenario: ProtectableScenario }>;
export type ProtectionRequestInput = z.input<typeof ProtectionRequestSchema>;
export type ProtectionPolicy = ProtectionRequest['protection'];

export class InvalidProtectionRequestError extends Error {
  constructor(readonly issues: FieldIssue[]) {
    super(`Invalid protection request:\n${issueBullets(issues, REQUEST_ROOT).join('\n')}`);
    this.name = 'InvalidProtectionRequestError';
  }
}

/** Checks a protection request: the request with defaults applied, or every bad field. */
export function checkProtectionRequest(input: unknown): Checked<ProtectionRequest> {
  return checkWith(ProtectionRequestSchema, input) as Checked<ProtectionRequest>;
}

/** Validates a protection request; throws InvalidProtectionRequestError with one line per bad field. */
export function parseProtectionRequest(input: unknown): ProtectionRequest {
  const checked = checkProtectionRequest(input);
  if (!checked.success) throw new InvalidProtectionRequestError(checked.issues);
  return checked.data;
}

/**
 * The request as the migration activities read it (preflight, enable replication, test failover,
 * Complete Migration): the same parts without the protection policy, so those activities are reused as they are.
 */
export function migrationRequestOf(request: ProtectionRequest): MigrationRequest {
  const { mode: _mode, protection: _protection, ...migration } = request;
  return migration as MigrationRequest;
}
