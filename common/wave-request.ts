import { z } from 'zod';
import { lazySchema } from './lazy-schema';
import { CONTROL_EXCEPT_LINE_BREAKS, plainText } from './plain-text';
import { checkWith, issueBullets, type Checked, type FieldIssue } from './field-issues';
import { isTimeZone, WINDOW_TIME, windowTimeMs } from './cutover-window';
import {
  MAX_MULTI_VM_GROUP_MACHINES,
  MigrationRequestSchema,
  MultiVmGroupNameSchema,
  multiVmGroupUnsupported,
  REPLICATION_PROVIDER,
  supportsMultiVmGroup,
  type MigrationRequest,
} from './migration-request';
import { MAX_WAVE_LENGTH, STRICT_RULES } from './request-field-rules';

/**
 * The wave request: the one input of `migrateWave` (workflow id `wave-<name>`), written by `siteshift plan`
 * or by hand, validated by the client, the CLI and the workflow alike. Strict at every depth and bounded.
 */

export const WAVE_LIMITS = {
  MAX_MACHINES: 1000,
  MAX_GROUPS: 100,
  MAX_HOOK_HEADERS: 20,
  MAX_HOOK_RETRIES: 10,
  MAX_HOOK_TIMEOUT_SECONDS: 600,
  MAX_INSTRUCTIONS_CHARS: 4000,
} as const;

/** A wave name is part of a workflow id and the MigrationWave search attribute: a plain token. */
export const WaveNameSchema = lazySchema(() =>
  z
    .string()
    .max(MAX_WAVE_LENGTH)
    .regex(
      /^[A-Za-z0-9][A-Za-z0-9._-]*$/,
      `must be 1-${MAX_WAVE_LENGTH} characters: letters, digits, ".", "_" or "-", starting with a letter or digit`,
    ),
);

const instructions = lazySchema(() =>
  z
    .string()
    .trim()
    .min(1, 'must not be empty')
    .max(WAVE_LIMITS.MAX_INSTRUCTIONS_CHARS)
    .refine((s) => !CONTROL_EXCEPT_LINE_BREAKS.test(s), 'must not contain control characters (other than tab and line breaks)'),
);

const HEADER_NAME = /^[!#$%&'*+.^_`|~0-9A-Za-z-]{1,100}$/;

/** An HTTP call made before or after a group's failover; a failure (after its retries) fails the group. */
export const HookSchema = lazySchema(() =>
  z.strictObject({
    url: plainText(2048).regex(/^https?:\/\/(\[[0-9A-Fa-f:.]+\]|[A-Za-z0-9.-]+)(:\d{1,5})?([/?#]\S*)?$/, 'must be an http(s) URL'),
    method: z.enum(['GET', 'POST', 'PUT', 'PATCH', 'DELETE']).default('POST'),
    headers: z
      .record(z.string().regex(HEADER_NAME, 'must be an HTTP header name'), plainText(1024))
      .refine(
        (headers) => Object.keys(headers).length <= WAVE_LIMITS.MAX_HOOK_HEADERS,
        `must have at most ${WAVE_LIMITS.MAX_HOOK_HEADERS} headers`,
      )
      .optional(),
    timeoutSeconds: z.number().int().min(1).max(WAVE_LIMITS.MAX_HOOK_TIMEOUT_SECONDS).default(30),
    retries: z.number().int().min(0).max(WAVE_LIMITS.MAX_HOOK_RETRIES).default(2),
  }),
);
export type Hook = z.infer<typeof HookSchema>;

const windowTime = lazySchema(() =>
  z.string().max(40).regex(WINDOW_TIME, 'must be a date-time such as 2026-12-01T22:00 (local to timeZone) or with an offset'),
);

export const CutoverWindowSchema = lazySchema(() =>
  z
    .strictObject({
      notBefore: windowTime,
      notAfter: windowTime,
      timeZone: z.string().max(64).refine(isTimeZone, 'must be an IANA time zone such as Europe/Paris or UTC'),
    })
    .superRefine((window, ctx) => {
      if (!isTimeZone(window.timeZone)) return;
      const start = windowTimeMs(window.notBefore, window.timeZone);
      const end = windowTimeMs(window.notAfter, window.timeZone);
      if (Number.isNaN(start)) ctx.addIssue({ code: 'custom', path: ['notBefore'], message: 'is not a valid date-time' });
      if (Number.isNaN(end)) ctx.addIssue({ code: 'custom', path: ['notAfter'], message: 'is not a valid date-time' });
      if (start >= end) ctx.addIssue({ code: 'custom', path: ['notAfter'], message: 'must be after notBefore' });
    }),
);

export const WaveGroupSchema = lazySchema(() =>
  z.strictObject({
    name: plainText(100),
    machines: z.array(MigrationRequestSchema).min(1, 'must list at least one machine').max(WAVE_LIMITS.MAX_MACHINES),
    /** Something a person does before this group's cutover; the wave waits for `continueWave`. */
    manualAction: z.strictObject({ instructions }).optional(),
    hooks: z.strictObject({ beforeFailover: HookSchema.optional(), afterFailover: HookSchema.optional() }).optional(),
    /**
     * ASR multi-VM consistency group of every machine of the group, for the providers that support it (not
     * Hyper-V): each machine's request carries it (a machine naming another group is refused).
     */
    multiVmGroupName: MultiVmGroupNameSchema.optional(),
  }),
);

export const FAILURE_POLICIES = ['halt', 'continue'] as const;
export type FailurePolicy = (typeof FAILURE_POLICIES)[number];

/**
 * The wave request schema. `multiVmGroups`: a group's multiVmGroupName is checked (its machines' providers have
 * multi-VM groups, no machine names another, at most MAX_MULTI_VM_GROUP_MACHINES a group) and carried into each
 * machine's request. Waves started before that (the workflow's patch 'wave-multi-vm-groups') kept it unused.
 */
function waveRequestFields({ multiVmGroups }: { multiVmGroups: boolean }) {
  return z
    .strictObject({
      name: WaveNameSchema,
      groups: z.array(WaveGroupSchema).min(1, 'must list at least one group').max(WAVE_LIMITS.MAX_GROUPS),
      /** How many machines run their initial sync at once (to protect the link). */
      replicationConcurrency: z.number().int().min(1).max(WAVE_LIMITS.MAX_MACHINES),
      cutoverWindow: CutoverWindowSchema.optional(),
      /** `halt`: any failure stops the wave until an operator decides; `continue`: the others go on. */
      failurePolicy: z.enum(FAILURE_POLICIES).default('halt'),
      /**
       * Who started the wave (`siteshift wave start --by`, a service naming itself): the startedBy of each of its
       * machines that names none. Four-eyes keeps them from approving the wave's cutover.
       */
      startedBy: STRICT_RULES.name.optional(),
    })
    .superRefine((wave, ctx) => {
      const machineCount = wave.groups.reduce((sum, group) => sum + group.machines.length, 0);
      if (machineCount > WAVE_LIMITS.MAX_MACHINES)
        ctx.addIssue({
          code: 'custom',
          path: ['groups'],
          message: `must hold at most ${WAVE_LIMITS.MAX_MACHINES} machines in all (${machineCount})`,
        });
      const groupAt = new Map<string, number>();
      const machineAt = new Map<string, string>();
      wave.groups.forEach((group, g) => {
        const sameName = groupAt.get(group.name);
        if (sameName !== undefined)
          ctx.addIssue({
            code: 'custom',
            path: ['groups', g, 'name'],
            message: `duplicates the name of groups.${sameName}: ${group.name}`,
          });
        else groupAt.set(group.name, g);
        if (multiVmGroups && group.multiVmGroupName !== undefined) checkMultiVmGroup(group, g, ctx);
        group.machines.forEach((machine, m) => {
          const here = `groups.${g}.machines.${m}`;
          const first = machineAt.get(machine.machineId);
          if (first)
            ctx.addIssue({
              code: 'custom',
              path: ['groups', g, 'machines', m, 'machineId'],
              message: `duplicate machine ${machine.machineId} (also ${first})`,
            });
          else machineAt.set(machine.machineId, here);
          // Before, a machine request had no such field: it was refused as unknown.
          if (!multiVmGroups && machine.multiVmGroupName !== undefined)
            ctx.addIssue({ code: 'custom', path: ['groups', g, 'machines', m], message: 'unrecognized key "multiVmGroupName"' });
          if (machine.wave !== undefined && machine.wave !== wave.name)
            ctx.addIssue({
              code: 'custom',
              path: ['groups', g, 'machines', m, 'wave'],
              message: `must be the wave's name ${wave.name} or absent`,
            });
        });
      });
      if (multiVmGroups) checkMultiVmGroupSizes(wave.groups, ctx);
    });
}

/** The wave request: its fields, then each machine given the wave's name (and group, and starter). */
function withMachinesNamed(fields: ReturnType<typeof waveRequestFields>, { multiVmGroups }: { multiVmGroups: boolean }) {
  // Each machine's migration carries the wave's name (its MigrationWave search attribute), and who started it.
  return z.pipe(
    fields,
    z.transform((wave: z.output<ReturnType<typeof waveRequestFields>>) => ({
      ...wave,
      groups: wave.groups.map((group) => ({
        ...group,
        machines: group.machines.map((machine): MigrationRequest => ({
          ...machine,
          wave: wave.name,
          ...(multiVmGroups && group.multiVmGroupName !== undefined ? { multiVmGroupName: group.multiVmGroupName } : {}),
          ...(machine.startedBy === undefined && wave.startedBy !== undefined ? { startedBy: wave.startedBy } : {}),
        })),
      })),
    })),
  );
}

/** What a new wave must satisfy (its fields built on first use: common/lazy-schema.ts). */
export const WaveRequestSchema = withMachinesNamed(
  lazySchema(() => waveRequestFields({ multiVmGroups: true })),
  { multiVmGroups: true },
);

/**
 * Waves started before the patch 'wave-multi-vm-groups': a group's multiVmGroupName unchecked and unused. Built on
 * demand: only the workflow uses it, for such waves.
 */
export function waveRequestSchemaBeforeMultiVmGroups() {
  return withMachinesNamed(waveRequestFields({ multiVmGroups: false }), { multiVmGroups: false });
}

/** An error names at most this many machines. */
const MAX_NAMED_MACHINES = 5;

type GroupInput = {
  multiVmGroupName?: string;
  machines: { machineId: string; scenario: MigrationRequest['scenario']; multiVmGroupName?: string }[];
};

/** A group's multiVmGroupName: every machine's provider supports it, no machine names another one. */
function checkMultiVmGroup(group: GroupInput, g: number, ctx: z.RefinementCtx): void {
  const unsupported = group.machines.filter((machine) => !supportsMultiVmGroup(machine.scenario));
  for (const scenario of new Set(unsupported.map((machine) => machine.scenario))) {
    const ids = unsupported.filter((machine) => machine.scenario === scenario).map((machine) => machine.machineId);
    const named =
      ids.length > MAX_NAMED_MACHINES
        ? `${ids.slice(0, MAX_NAMED_MACHINES).join(', ')} and ${ids.length - MAX_NAMED_MACHINES} more`
        : ids.join(', ');
    ctx.addIssue({
      code: 'custom',
      path: ['groups', g, 'multiVmGroupName'],
      message: multiVmGroupUnsupported(scenario, `machine${ids.length === 1 ? '' : 's'} ${named} (${scenario})`),
    });
  }
  group.machines.forEach((machine, m) => {
    if (machine.multiVmGroupName !== undefined && machine.multiVmGroupName !== group.multiVmGroupName)
      ctx.addIssue({
        code: 'custom',
        path: ['groups', g, 'machines', m, 'multiVmGroupName'],
        message: `must be the group's multiVmGroupName ${group.multiVmGroupName} or absent`,
      });
  });
}

/** No multi-VM group of the wave (a name, per replication provider) holds more machines than ASR takes in one. */
function checkMultiVmGroupSizes(groups: (GroupInput & { name: string })[], ctx: z.RefinementCtx): void {
  const members = new Map<string, { name: string; provider: string; where: (string | number)[]; count: number }>();
  groups.forEach((group, g) =>
    group.machines.forEach((machine, m) => {
      const name = group.multiVmGroupName ?? machine.multiVmGroupName;
      if (name === undefined) return;
      const provider = REPLICATION_PROVIDER[machine.scenario];
      const key = JSON.stringify([provider, name]);
      const where =
        group.multiVmGroupName !== undefined ? ['groups', g, 'multiVmGroupName'] : ['groups', g, 'machines', m, 'multiVmGroupName'];
      const seen = members.get(key) ?? { name, provider, where, count: 0 };
      seen.count += 1;
      members.set(key, seen);
    }),
  );
  for (const { name, provider, where, count } of members.values())
    if (count > MAX_MULTI_VM_GROUP_MACHINES)
      ctx.addIssue({
        code: 'custom',
        path: where,
        message: `names a multi-VM group of ${count} ${provider} machines (${name}): ASR replicates at most ${MAX_MULTI_VM_GROUP_MACHINES} machines together in one group`,
      });
}

/** A validated wave request (defaults applied, every machine's `wave` set to the wave's name). */
export type WaveRequest = z.output<typeof WaveRequestSchema>;
/** What a caller may send (defaults still to apply). */
export type WaveRequestInput = z.input<typeof WaveRequestSchema>;
export type WaveGroup = WaveRequest['groups'][number];

/** What an error calls the wave request itself (an issue with no field path). */
export const WAVE_REQUEST_ROOT = '(wave)';

export class InvalidWaveRequestError extends Error {
  constructor(readonly issues: FieldIssue[]) {
    super(`Invalid wave request:\n${issueBullets(issues, WAVE_REQUEST_ROOT).join('\n')}`);
    this.name = 'InvalidWaveRequestError';
  }
}

/** Checks a wave request: the request with defaults applied, or every bad field. */
export function checkWaveRequest(input: unknown): Checked<WaveRequest> {
  return checkWith(WaveRequestSchema, input);
}

/** Validates a wave request; throws InvalidWaveRequestError with one line per bad field. */
export function parseWaveRequest(input: unknown): WaveRequest {
  const checked = checkWaveRequest(input);
  if (!checked.success) throw new InvalidWaveRequestError(checked.issues);
  return checked.data;
}

/** Every machine of the wave, in group order. */
export function waveMachines(wave: Pick<WaveRequest, 'groups'>): MigrationRequest[] {
  return wave.groups.flatMap((group) => group.machines);
}
