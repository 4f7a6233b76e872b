import { z } from 'zod';
import { lazySchema } from './lazy-schema';
import { CONTROL_EXCEPT_LINE_BREAKS, plainText } from './plain-text';
import { checkWith, issueBullets, type Checked, type FieldIssue } from './field-issues';
import { isTimeZone, WINDOW_TIME, windowTimeMs } from './cutover-window';
import { MigrationRequestSchema, type MigrationRequest } from './migration-request';
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
    /** ASR multi-VM consistency group, for the providers that support it. */
    multiVmGroupName: plainText(80).optional(),
  }),
);

export const FAILURE_POLICIES = ['halt', 'continue'] as const;
export type FailurePolicy = (typeof FAILURE_POLICIES)[number];

/** The wave request before its machines are given the wave's name: built on first use (common/lazy-schema.ts). */
const WaveRequestFieldsSchema = lazySchema(() =>
  z
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
          if (machine.wave !== undefined && machine.wave !== wave.name)
            ctx.addIssue({
              code: 'custom',
              path: ['groups', g, 'machines', m, 'wave'],
              message: `must be the wave's name ${wave.name} or absent`,
            });
        });
      });
    }),
);

export const WaveRequestSchema = z.pipe(
  WaveRequestFieldsSchema,
  // Each machine's migration carries the wave's name (its MigrationWave search attribute), and who started it.
  z.transform((wave: z.output<typeof WaveRequestFieldsSchema>) => ({
    ...wave,
    groups: wave.groups.map((group) => ({
      ...group,
      machines: group.machines.map((machine): MigrationRequest => ({
        ...machine,
        wave: wave.name,
        ...(machine.startedBy === undefined && wave.startedBy !== undefined ? { startedBy: wave.startedBy } : {}),
      })),
    })),
  })),
);

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
