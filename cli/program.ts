import { Command } from 'commander';
import type { DecisionName } from '../common/decisions';
import { ROLES as TOKEN_ROLES } from '../api/identity/roles';
import { DECISION_CLI } from './decision-commands';
import { addProtectCommands } from './protect-commands';
import { UsageError } from './exit-codes';
import { shown } from './terminal-text';

export type OptionValues = Record<string, string | boolean | undefined>;

/** What the command line asked for, before any value is checked (commands.ts checks them). */
export type ParsedCommand = {
  /** The command as typed, and its usage line, for messages. */
  name: string;
  usage: string;
  positionals: string[];
  values: OptionValues;
  json: boolean;
} & (
  | { kind: 'start' | 'status' | 'list' | 'watch' }
  | { kind: 'tokensAdd' }
  | { kind: 'decide'; decision: DecisionName }
  | { kind: 'protect'; subcommand: string }
);

const FOOTER = [
  '',
  'Decisions are sent as Workflow Updates (the reply says whether the workflow accepted them);',
  '--signal sends them as Signals instead (fire and forget). --json prints machine-readable output.',
  'Connection: TEMPORAL_ADDRESS, TEMPORAL_NAMESPACE, TEMPORAL_API_KEY, TEMPORAL_TLS*, TEMPORAL_PROFILE;',
  'task queue: SITESHIFT_TASK_QUEUE (default siteshift-migrations).',
  '',
  'Exit codes: 0 ok, 1 failure, 2 usage, 3 invalid input (also an empty batch: nothing to start), 4 not found,',
  '5 rejected, 6 watch ended not Completed, 7 no worker answered (status and decisions wait 30 s for one).',
].join('\n');

/**
 * The `siteshift` command line, built with commander from the command list and the decision table. It only
 * parses: each action hands a ParsedCommand to `run`, which checks values and does the work. Errors are
 * not printed here; runCli reports them (human output escaped, or JSON).
 */
export function buildProgram(version: string, run: (parsed: ParsedCommand) => Promise<void>): Command {
  const program = new Command('siteshift')
    .usage('<command> [arguments] [--json]')
    .description('Migrate servers to Azure with Azure Site Recovery: start, watch and decide migrations.')
    .version(version, '-V, --version', 'print the siteshift version')
    .helpOption('-h, --help', 'show help (also: siteshift help <command>)')
    .helpCommand('help [command]', 'show help for a command')
    .addHelpText('after', FOOTER)
    .showSuggestionAfterError(true);
  program.on('command:*', (operands: string[]) => {
    const commands = program.commands.map((command) => command.name()).filter((name) => name !== 'help');
    throw new UsageError(`Unknown command ${shown(operands[0])}. Commands: ${commands.join(', ')}`);
  });

  const command = (name: string, args: string[], summary: string) => {
    const sub = program.command(name).description(summary).allowExcessArguments(true).option('--json', 'print machine-readable JSON');
    for (const arg of args) sub.argument(`<${arg}>`);
    return sub;
  };
  const action = (sub: Command, kind: Exclude<ParsedCommand['kind'], 'decide' | 'protect'> | { decision: DecisionName }) =>
    sub.action(async () => {
      const parsed = parsedFrom(sub);
      await run(typeof kind === 'string' ? { ...parsed, kind } : { ...parsed, kind: 'decide', decision: kind.decision });
    });

  action(
    command('start', ['request.json|-'], 'validate and start migrations from a file (one request or an array); "-" reads stdin'),
    'start',
  );
  action(command('status', ['machineId'], 'show stage, progress, stage times, decisions, resources, last error'), 'status');
  action(
    command('list', [], 'list migrations by search attributes')
      .option('--stage <stage>', 'only migrations in this stage')
      .option('--wave <wave>', 'only migrations of this wave')
      .option('--scenario <scenario>', 'only migrations of this scenario'),
    'list',
  );
  for (const decision of DECISION_CLI) {
    const sub = command(decision.command, ['machineId'], decision.summary);
    for (const option of decision.options) {
      sub.option(`${option.flag} <${option.value}>`, option.required ? `${option.help} (required)` : option.help);
    }
    sub.option('--signal', 'send a Signal (fire and forget) instead of an Update');
    action(sub, { decision: decision.decision });
  }
  action(
    command('watch', ['machineId'], 'poll status until the migration ends (exit 0 Completed, 6 Aborted/Failed)').option(
      '--interval <seconds>',
      'seconds between polls (default 2)',
    ),
    'watch',
  );
  addProtectCommands(program, run, parsedFrom);
  const tokens = program
    .command('tokens')
    .description('manage the HTTP API bearer tokens (file: SITESHIFT_API_TOKENS_FILE, default .data/api-tokens.json)');
  const addToken = tokens
    .command('add')
    .description('create a bearer token for <name> with the given roles and print it (once: the file keeps only its hash)')
    .argument('<name>')
    .allowExcessArguments(true)
    .requiredOption('--role <role...>', `role(s): ${TOKEN_ROLES.join(', ')} (repeat or list several)`)
    .option('--json', 'print machine-readable JSON');
  addToken.action(async () => run({ ...parsedFrom(addToken), kind: 'tokensAdd' }));
  return program;
}

/** Positionals and options as commander saw them; too many positionals is a usage error naming the first extra one. */
function parsedFrom(sub: Command): Omit<ParsedCommand, 'kind' | 'decision' | 'subcommand'> {
  const expected = sub.registeredArguments.length;
  if (sub.args.length > expected) {
    throw new UsageError(`${sub.name()}: unexpected argument ${shown(sub.args[expected])}. Usage: ${usageOf(sub)}`);
  }
  const values = sub.opts<OptionValues>();
  return { name: sub.name(), usage: usageOf(sub), positionals: sub.args.slice(0, expected), values, json: values.json === true };
}

export function usageOf(sub: Command): string {
  const names: string[] = [];
  for (let command: Command | null = sub; command?.parent; command = command.parent) names.unshift(command.name());
  return `siteshift ${names.join(' ')} ${sub.usage()}`;
}
