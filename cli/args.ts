import { parseArgs, type ParseArgsConfig } from 'node:util';
import { SCENARIOS, type Scenario } from '../common/migration-request';
import { STAGES, type Stage } from '../common/stages';
import { UsageError } from './exit-codes';

type Options = NonNullable<ParseArgsConfig['options']>;

const GLOBAL_OPTIONS = {
  json: { type: 'boolean' },
  help: { type: 'boolean', short: 'h' },
} satisfies Options;

const DECISION_OPTIONS = {
  by: { type: 'string' },
  comment: { type: 'string' },
  signal: { type: 'boolean' },
} satisfies Options;

interface CommandSpec {
  /** Names of required positional arguments, as shown in usage. */
  positionals: string[];
  options: Options;
  required?: string[];
  usage: string;
  summary: string;
}

export const COMMANDS = {
  start: {
    positionals: ['request.json|-'],
    options: {},
    usage: 'start <request.json|->',
    summary: 'validate and start migrations from a file (one request or an array); "-" reads stdin',
  },
  status: { positionals: ['machineId'], options: {}, usage: 'status <machineId>', summary: 'show stage, progress, stage times, decisions, resources, last error' },
  list: {
    positionals: [],
    options: { stage: { type: 'string' }, wave: { type: 'string' }, scenario: { type: 'string' } },
    usage: 'list [--stage STAGE] [--wave WAVE] [--scenario SCENARIO]',
    summary: 'list migrations by search attributes',
  },
  'approve-test': {
    positionals: ['machineId'],
    options: DECISION_OPTIONS,
    required: ['by'],
    usage: 'approve-test <machineId> --by NAME [--comment TEXT] [--signal]',
    summary: 'test failover results are good: clean it up and ask for cutover',
  },
  retest: {
    positionals: ['machineId'],
    options: DECISION_OPTIONS,
    required: ['by'],
    usage: 'retest <machineId> --by NAME [--comment TEXT] [--signal]',
    summary: 'clean up the test failover and run another one',
  },
  'approve-failover': {
    positionals: ['machineId'],
    options: { ...DECISION_OPTIONS, 'not-before': { type: 'string' } },
    required: ['by'],
    usage: 'approve-failover <machineId> --by NAME [--not-before ISO] [--comment TEXT] [--signal]',
    summary: 'cut over now, or at --not-before',
  },
  abort: {
    positionals: ['machineId'],
    options: { ...DECISION_OPTIONS, reason: { type: 'string' } },
    required: ['by', 'reason'],
    usage: 'abort <machineId> --by NAME --reason TEXT [--comment TEXT] [--signal]',
    summary: 'abort before the failover starts, cleaning up what exists',
  },
  watch: {
    positionals: ['machineId'],
    options: { interval: { type: 'string' } },
    usage: 'watch <machineId> [--interval SECONDS]',
    summary: 'poll status until the migration ends (exit 0 Completed, 6 Aborted/Failed)',
  },
} satisfies Record<string, CommandSpec>;

export type CommandName = keyof typeof COMMANDS;

export interface ParsedCommand {
  command: CommandName;
  positionals: string[];
  values: Record<string, string | boolean | undefined>;
  json: boolean;
}

/** `noCommand`: called with nothing at all, which prints the help but is still a usage error. */
export type ParsedInvocation = { help: true; command?: CommandName; noCommand?: boolean } | ({ help: false } & ParsedCommand);

export function isCommand(name: string): name is CommandName {
  return Object.prototype.hasOwnProperty.call(COMMANDS, name);
}

export function parseInvocation(argv: readonly string[]): ParsedInvocation {
  const [first, ...rest] = argv;
  if (first === undefined) return { help: true, noCommand: true };
  if (first === 'help' || first === '--help' || first === '-h') {
    const topic = rest[0];
    return { help: true, command: topic !== undefined && isCommand(topic) ? topic : undefined };
  }
  if (!isCommand(first)) {
    throw new UsageError(`Unknown command "${first}". Commands: ${Object.keys(COMMANDS).join(', ')}`);
  }
  const spec: CommandSpec = COMMANDS[first];
  let parsed;
  try {
    parsed = parseArgs({ args: [...rest], options: { ...GLOBAL_OPTIONS, ...spec.options }, allowPositionals: true, strict: true });
  } catch (error) {
    throw new UsageError(`${first}: ${(error as Error).message}`);
  }
  if (parsed.values.help) return { help: true, command: first };
  const expected = spec.positionals;
  if (parsed.positionals.length < expected.length) {
    throw new UsageError(`${first}: missing <${expected[parsed.positionals.length]}>. Usage: siteshift ${spec.usage}`);
  }
  if (parsed.positionals.length > expected.length) {
    throw new UsageError(`${first}: unexpected argument "${parsed.positionals[expected.length]}". Usage: siteshift ${spec.usage}`);
  }
  const values = parsed.values as Record<string, string | boolean | undefined>;
  for (const name of spec.required ?? []) {
    const value = values[name];
    if (typeof value !== 'string' || value.trim() === '') {
      throw new UsageError(`${first}: --${name} is required. Usage: siteshift ${spec.usage}`);
    }
  }
  return { help: false, command: first, positionals: parsed.positionals, values, json: values.json === true };
}

export function stageOption(value: string | boolean | undefined): Stage | undefined {
  if (value === undefined) return undefined;
  if (typeof value === 'string' && (STAGES as readonly string[]).includes(value)) return value as Stage;
  throw new UsageError(`--stage must be one of ${STAGES.join(', ')}; got "${String(value)}"`);
}

export function scenarioOption(value: string | boolean | undefined): Scenario | undefined {
  if (value === undefined) return undefined;
  if (typeof value === 'string' && (SCENARIOS as readonly string[]).includes(value)) return value as Scenario;
  throw new UsageError(`--scenario must be one of ${SCENARIOS.join(', ')}; got "${String(value)}"`);
}

export function secondsOption(name: string, value: string | boolean | undefined, fallback: number): number {
  if (value === undefined) return fallback;
  const seconds = Number(value);
  if (typeof value !== 'string' || !Number.isFinite(seconds) || seconds <= 0) {
    throw new UsageError(`--${name} must be a positive number of seconds; got "${String(value)}"`);
  }
  return seconds;
}

export function helpText(command?: CommandName): string {
  if (command) {
    const spec: CommandSpec = COMMANDS[command];
    return `Usage: siteshift ${spec.usage} [--json]\n\n${spec.summary}\n`;
  }
  const width = Math.max(...Object.keys(COMMANDS).map((name) => name.length));
  const lines = Object.entries(COMMANDS).map(([name, spec]) => `  ${name.padEnd(width)}  ${(spec as CommandSpec).summary}`);
  return [
    'Usage: siteshift <command> [arguments] [--json]',
    '',
    'Commands:',
    ...lines,
    '',
    'Decisions are sent as Workflow Updates (the reply says whether the workflow accepted them);',
    '--signal sends them as Signals instead (fire and forget). --json prints machine-readable output.',
    'Connection: TEMPORAL_ADDRESS, TEMPORAL_NAMESPACE, TEMPORAL_API_KEY, TEMPORAL_TLS*, TEMPORAL_PROFILE;',
    'task queue: SITESHIFT_TASK_QUEUE (default siteshift-migrations).',
    '',
    'Exit codes: 0 ok, 1 failure, 2 usage, 3 invalid input, 4 not found, 5 rejected, 6 watch ended not Completed,',
    '7 no worker answered (status and decisions wait 30 s for one).',
    '',
  ].join('\n');
}
