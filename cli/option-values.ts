import { checkWith } from '../common/field-issues';
import { MachineIdSchema, SCENARIOS, type Scenario } from '../common/migration-request';
import { STAGES, type Stage } from '../common/stages';
import type { ParsedCommand } from './program';
import { UsageError } from './exit-codes';
import { shown } from './terminal-text';

type Value = string | boolean | undefined;

/** A machine id as the workflow id needs it; anything else cannot name a migration, so it never reaches Temporal. */
export function machineIdArgument(parsed: ParsedCommand): string {
  const value = parsed.positionals[0];
  const result = checkWith(MachineIdSchema, value);
  if (!result.success) throw new UsageError(`${parsed.name}: <machineId> ${shown(value)} ${result.issues[0].message}`);
  return result.data;
}

export function stageOption(value: Value): Stage | undefined {
  if (value === undefined) return undefined;
  if (typeof value === 'string' && (STAGES as readonly string[]).includes(value)) return value as Stage;
  throw new UsageError(`--stage must be one of ${STAGES.join(', ')}; got ${shown(value)}`);
}

export function scenarioOption(value: Value): Scenario | undefined {
  if (value === undefined) return undefined;
  if (typeof value === 'string' && (SCENARIOS as readonly string[]).includes(value)) return value as Scenario;
  throw new UsageError(`--scenario must be one of ${SCENARIOS.join(', ')}; got ${shown(value)}`);
}

/** Waves are 1-100 characters in a request (common/migration-request.ts), so no longer one can match. */
export function waveOption(value: Value): string | undefined {
  if (value === undefined) return undefined;
  if (typeof value === 'string' && value.trim() !== '' && value.length <= 100) return value;
  throw new UsageError(`--wave must be 1-100 characters, as in a request; got ${shown(value)}`);
}

/** Whole seconds or fractions, at most a day. */
export function secondsOption(name: string, value: Value, fallback: number): number {
  if (value === undefined) return fallback;
  const seconds = Number(value);
  if (typeof value !== 'string' || value.trim() === '' || !Number.isFinite(seconds) || seconds <= 0 || seconds > 86_400) {
    throw new UsageError(`--${name} must be a positive number of seconds, at most 86400; got ${shown(value)}`);
  }
  return seconds;
}

/** A start request (a migration's or a wave's) with `startedBy` from `--by`, unless it names one itself. */
export function withStartedBy(input: unknown, by: Value): unknown {
  return typeof by === 'string' &&
    typeof input === 'object' &&
    input !== null &&
    !Array.isArray(input) &&
    !Object.hasOwn(input, 'startedBy')
    ? { ...input, startedBy: by }
    : input;
}
