import { Command } from 'commander';
import type { DecisionName } from '../common/decisions';
import { ROLES as TOKEN_ROLES } from '../api/identity/roles';
import { DECISION_CLI } from './decision-commands';
import { addProtectCommands } from './protect-commands';
import { UsageError } from './exit-codes';
import { shown } from './terminal-text';
import { addWaveCommands, type WaveAction } from './wave-program';

/** The `tokens` subcommands: they work on the tokens file alone, without Temporal. */
export type TokensCommandKind = 'tokensAdd' | 'tokensList' | 'tokensRemove';

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
  | { kind: 'tokensList' }
  | { kind: 'tokensRemove' }
  | { kind: 'plan' }
  | { kind: 'decide'; decision: DecisionName }
  | { kind: 'wave'; wave: WaveAction }
  | { kind: 'protect'; subcommand: string }
);

const FOOTER = [
  '',
  'Decisions are sent as Workflow Updates (the reply says whether the workflow accepted them);',
  '--signal sends them as Signals instead (fire and forget). --json prints machine-readable output.',
  'Connection: TEMPORAL_ADDRESS, TEMPORAL_NAMESPACE, TEMPORAL_API_KEY, TEMPORAL_TLS*, TEMPORAL_PROFILE;',
  'task queue: SITESHIFT_TASK_QUEUE (default siteshift-migrations).',
  "Through the HTTP API instead: SITESHIFT_API_URL and SITESHIFT_API_TOKEN (decisions made as the token's",
  'identity: no --by, no --signal).',
  '',
  'Exit codes: 0 ok, 1 failure, 2 usage, 3 invalid input (also an empty batch: nothing to start), 4 not found,',
  '5 rejected, 6 watch ended not Completed, 7 no worker answered (status and decisions wait 30 s for one),',
  '8 access denied (through the API: token refused, or a role missing), 9 plan left machines unresolved.',
].join('\n');

const PLAN_HELP = [
  '',
  'The machine list is a CSV with a header row (or YAML/JSON with `machines:`), one machine a line:',
  '  machine,wave,group,fabric,machineId,vmName,vmSize,subnet,diskType,recoveryPoint',
  '  hv-sql-01,wave-1,database,,,,Standard_E4s_v5,,Premium_LRS,',
  'machine and group are required; groups cut over in the order the list first names them. machine is the',
  'name ASR discovered (protectable item or friendly name, appliance machine, EC2 instance id, Azure VM name).',
  '',
  'The defaults file (YAML or JSON):',
  '  vault: { subscriptionId: ..., resourceGroup: ..., name: ... }',
  '  defaults:               # every wave',
  '    target: { resourceGroupId, virtualNetworkId, subnetName, testVirtualNetworkId, vmSize, diskType }',
  '    azureToAzure: { target: {...}, stagingStorageAccountId }   # Azure VMs go to another region',
  '    replicationPolicies: [...]  processServers: [...]  runAsAccountId: ...  awsRegion: ...',
  '    failover: {...}  approval: { approvers: [...] }  replicationWait: {...}',
  '    replicationConcurrency: 5  failurePolicy: halt  cutoverWindow: { notBefore, notAfter, timeZone }',
  '    groups: { database: { manualAction: { instructions: ... } } }',
  '  waves: { wave-1: { ...same keys, over the defaults; vault too } }',
  '',
  'Vault access: SITESHIFT_ASR_* (as the worker), or AZURE_* for a real subscription. Machines that cannot be',
  'resolved are listed with the reason (not-found, ambiguous, already-protected, unsupported-os, wrong-state,',
  'incomplete-setup, duplicate, invalid-request) and exit 9; no wave file is written unless --write-partial.',
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
    .showSuggestionAfterError(true)
    // The program's own options (-V, -h) only before the command: after it every argument is the command's, so an
    // option value such as `--stage -V` is that value, never a request for the version.
    .enablePositionalOptions();
  program.on('command:*', (operands: string[]) => {
    const commands = program.commands.map((command) => command.name()).filter((name) => name !== 'help');
    throw new UsageError(`Unknown command ${shown(operands[0])}. Commands: ${commands.join(', ')}`);
  });

  const commandOf = (parent: Command, name: string, args: string[], summary: string) => {
    const sub = parent.command(name).description(summary).allowExcessArguments(true).option('--json', 'print machine-readable JSON');
    for (const arg of args) sub.argument(`<${arg}>`);
    return sub;
  };
  const command = (name: string, args: string[], summary: string) => commandOf(program, name, args, summary);
  const action = (sub: Command, kind: Exclude<ParsedCommand['kind'], 'decide' | 'wave' | 'protect'> | { decision: DecisionName }) =>
    sub.action(async () => {
      const parsed = parsedFrom(sub);
      await run(typeof kind === 'string' ? { ...parsed, kind } : { ...parsed, kind: 'decide', decision: kind.decision });
    });

  action(
    command('start', ['request.json|-'], 'validate and start migrations from a file (one request or an array); "-" reads stdin').option(
      '--by <name>',
      'who starts them: the startedBy of each request that names none (four-eyes: they may not approve its cutover)',
    ),
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
  action(
    command('plan', ['machines.csv|plan.yaml'], 'resolve a machine list against the vault and write the wave file `wave start` takes')
      .option('--defaults <file>', 'YAML or JSON: the vault, and target, policy and wave settings for every wave and per wave')
      .option('--wave <name>', 'the wave to plan (needed when the list names several)')
      .option('-o, --output <file>', 'write the wave file here (.json or .yaml); otherwise it is printed')
      .option('--write-partial', 'write the wave file even when some machines could not be resolved (they are left out)')
      .addHelpText('after', PLAN_HELP),
    'plan',
  );
  addWaveCommands(program, commandOf, (sub, wave) =>
    sub.action(async () => {
      await run({ ...parsedFrom(sub), kind: 'wave', wave });
    }),
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
  const listTokens = tokens
    .command('list')
    .description('list the tokens of the file: name, roles, created (never the token, which the file does not keep)')
    .allowExcessArguments(true)
    .option('--json', 'print machine-readable JSON');
  listTokens.action(async () => run({ ...parsedFrom(listTokens), kind: 'tokensList' }));
  const removeToken = tokens
    .command('remove')
    .description("remove <name>'s tokens: the API refuses them at once (exit 4 when <name> has none)")
    .argument('<name>')
    .allowExcessArguments(true)
    .option('--json', 'print machine-readable JSON');
  removeToken.action(async () => run({ ...parsedFrom(removeToken), kind: 'tokensRemove' }));
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
