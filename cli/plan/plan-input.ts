import { parse as parseCsv } from 'csv-parse/sync';
import { parse as parseYaml } from 'yaml';
import { z } from 'zod';
import { checkWith, issueBullets, type FieldIssue } from '../../common/field-issues';
import { MachineIdSchema, MigrationRequestSchema, RECOVERY_POINTS } from '../../common/migration-request';
import { CutoverWindowSchema, FAILURE_POLICIES, WaveGroupSchema, WaveNameSchema } from '../../common/wave-request';
import { InputError } from '../exit-codes';
import { PlanInputError } from './plan-errors';

/**
 * What `siteshift plan` reads: the machine list a migration lead already has (CSV, or YAML/JSON rows) and the
 * settings of each wave (a defaults file). Field schemas are taken from the migration and wave request schemas,
 * so the planner accepts exactly what the wave file will hold.
 */

const request = MigrationRequestSchema.options[0].shape;
const target = request.target;
const name = request.displayName;
const a2aSource = MigrationRequestSchema.options[4].shape.source;

/** One machine of the list: the CSV columns (header names are case-insensitive), or a YAML/JSON row. */
export const MachineRowSchema = z.strictObject({
  /** The name the lead knows: protectable item or friendly name, the appliance's name, an EC2 instance id, an Azure VM name or id. */
  machine: name,
  wave: WaveNameSchema.optional(),
  group: z.string().trim().min(1, 'is required').max(100),
  /** Narrows the search to one fabric (for a name that several fabrics discovered). */
  fabric: name.optional(),
  /** The migration's id (workflow `migrate-<machineId>`); by default the discovered machine's name. */
  machineId: MachineIdSchema.optional(),
  vmName: name.optional(),
  vmSize: target.shape.vmSize.optional(),
  subnet: target.shape.subnetName.optional(),
  diskType: target.shape.diskType.optional(),
  recoveryPoint: z.enum(RECOVERY_POINTS).optional(),
});
export type MachineRow = z.infer<typeof MachineRowSchema>;

const targetDefaults = target.partial().omit({ vmName: true }).strict();

/** The settings of a wave: for every machine (target, policy choice, failover, approval, ...) and for the wave itself. */
export const WaveSettingsSchema = z.strictObject({
  /** The Recovery Services vault the wave's machines are in (a wave's own, or the file's). */
  vault: request.vault.optional(),
  target: targetDefaults.optional(),
  /** Which policy to use where a container is mapped to several. */
  replicationPolicies: z.array(name).max(50).optional(),
  /** Azure VMs replicate to another region: their own target, and a staging storage account in the source region. */
  azureToAzure: z
    .strictObject({
      target: targetDefaults.optional(),
      stagingStorageAccountId: a2aSource.shape.stagingStorageAccountId.optional(),
    })
    .optional(),
  /** InMageRcm: which process server (name or id) to use on an appliance that has several; the vCenter run-as account. */
  processServers: z.array(name).max(50).optional(),
  runAsAccountId: name.optional(),
  /** AWS instances: the region they run in (for the record). */
  awsRegion: name.optional(),
  failover: request.failover.unwrap().partial().strict().optional(),
  approval: request.approval.unwrap().optional(),
  replicationWait: request.replicationWait.unwrap().partial().strict().optional(),
  replicationConcurrency: z.number().int().min(1).max(1000).optional(),
  failurePolicy: z.enum(FAILURE_POLICIES).optional(),
  cutoverWindow: CutoverWindowSchema.optional(),
  /** Per group name: its manual action, hooks, multi-VM consistency group. */
  groups: z.record(z.string(), WaveGroupSchema.omit({ name: true, machines: true }).partial()).optional(),
});
export type WaveSettings = z.infer<typeof WaveSettingsSchema>;

/** The defaults file (YAML or JSON): the vault, settings for every wave, and per-wave settings over them. */
export const PlanDefaultsSchema = z.strictObject({
  vault: request.vault.optional(),
  defaults: WaveSettingsSchema.optional(),
  waves: z.record(WaveNameSchema, WaveSettingsSchema).optional(),
});
export type PlanDefaults = z.infer<typeof PlanDefaultsSchema>;

/** A YAML/JSON machine list may carry the defaults too, so one file can be the whole plan. */
const PlanFileSchema = PlanDefaultsSchema.extend({
  machines: z.array(MachineRowSchema).min(1, 'must list at least one machine').max(10_000),
});

export interface PlanInput {
  rows: MachineRow[];
  defaults?: PlanDefaults;
}

function invalid(source: string, issues: FieldIssue[]): PlanInputError {
  return new PlanInputError(
    `Invalid plan input ${source}:`,
    issueBullets(issues, '(file)').map((line) => line.replace(/^\s*-\s*/, '')),
  );
}

export function isYamlOrJsonPath(path: string): boolean {
  return /\.(ya?ml|json)$/i.test(path);
}

/** Parses YAML (JSON is YAML); errors name the source, line and column. */
export function parseYamlText(text: string, source: string): unknown {
  try {
    return parseYaml(text, { prettyErrors: true, uniqueKeys: true });
  } catch (error) {
    throw new InputError(`Invalid YAML in ${source}: ${(error as Error).message.split('\n')[0]}`);
  }
}

/** The machine list: CSV (a header row naming the columns) or a YAML/JSON document with `machines:`. */
export function parseMachineList(text: string, source: string): PlanInput {
  if (isYamlOrJsonPath(source)) {
    const checked = checkWith(PlanFileSchema, parseYamlText(text, source));
    if (!checked.success) throw invalid(source, checked.issues);
    const { machines, ...defaults } = checked.data;
    return { rows: machines, defaults: Object.keys(defaults).length > 0 ? defaults : undefined };
  }
  return { rows: parseMachineCsv(text, source) };
}

const COLUMNS = Object.keys(MachineRowSchema.shape);

/** CSV with a header row; columns are named as MachineRowSchema's keys (any case); empty cells are absent. */
export function parseMachineCsv(text: string, source: string): MachineRow[] {
  let records: Record<string, string>[];
  try {
    records = parseCsv(text, {
      bom: true,
      trim: true,
      skip_empty_lines: true,
      comment: '#',
      columns: (header: string[]) =>
        header.map((column) => {
          const known = COLUMNS.find((c) => c.toLowerCase() === column.trim().toLowerCase());
          if (!known) throw new InputError(`${source}: unknown column ${JSON.stringify(column)}; columns are ${COLUMNS.join(', ')}`);
          return known;
        }),
    });
  } catch (error) {
    if (error instanceof InputError) throw error;
    throw new InputError(`Invalid CSV in ${source}: ${(error as Error).message}`);
  }
  if (records.length === 0) throw new InputError(`${source} lists no machine (a header row, then one machine a line)`);
  const issues: FieldIssue[] = [];
  const rows = records.map((record, index) => {
    const cells = Object.fromEntries(Object.entries(record).filter(([, value]) => value !== ''));
    const checked = checkWith(MachineRowSchema, cells);
    if (checked.success) return checked.data;
    // Line numbers as a spreadsheet shows them: the header is line 1.
    for (const issue of checked.issues)
      issues.push({ path: `line ${index + 2}${issue.path ? `.${issue.path}` : ''}`, message: issue.message });
    return undefined;
  });
  if (issues.length > 0) throw invalid(source, issues);
  return rows as MachineRow[];
}

export function parseDefaults(text: string, source: string): PlanDefaults {
  const checked = checkWith(PlanDefaultsSchema, parseYamlText(text, source));
  if (!checked.success) throw invalid(source, checked.issues);
  return checked.data;
}

/** The settings of one wave: its own over the file's defaults (target and the A2A target merged key by key). */
export function settingsFor(defaults: PlanDefaults, wave: string): WaveSettings {
  const base = defaults.defaults ?? {};
  const own = defaults.waves?.[wave] ?? {};
  return {
    ...base,
    ...own,
    vault: own.vault ?? base.vault ?? defaults.vault,
    target: { ...base.target, ...own.target },
    azureToAzure: {
      ...base.azureToAzure,
      ...own.azureToAzure,
      target: { ...base.azureToAzure?.target, ...own.azureToAzure?.target },
    },
    failover: { ...base.failover, ...own.failover },
    replicationWait: { ...base.replicationWait, ...own.replicationWait },
    groups: { ...base.groups, ...own.groups },
  };
}
