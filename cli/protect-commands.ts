import { Command } from 'commander';
import { InvalidDecisionError } from '../client/errors';
import { RECOVERY_POINTS } from '../common/migration-request';
import { parseProtectionDecision, type ProtectionDecisionName } from '../common/protection-decisions';
import { parseProtectionRequest } from '../common/protection-request';
import type { ProtectionStatus } from '../common/protection-status';
import type { CliIo, CliMigrations, PreparedCommand } from './commands';
import { directTemporal } from './direct-temporal';
import { EXIT, UsageError } from './exit-codes';
import { machineIdArgument } from './option-values';
import type { OptionValues, ParsedCommand } from './program';
import { readJsonSource } from './read-json';
import { renderLines, shown } from './terminal-text';

/** What the protect commands need of a backend: ProtectionClient (Temporal) or MigrationApiClient.protections (the API). */
interface CliProtections {
  start(request: unknown): Promise<{ machineId: string; workflowId: string; alreadyRunning: boolean }>;
  status(machineId: string): Promise<ProtectionStatus>;
  decide(
    machineId: string,
    decision: ProtectionDecisionName,
    payload: Record<string, unknown>,
    options: { via: 'update' | 'signal' },
  ): Promise<ProtectionStatus | undefined>;
}

/** Stands in for the token's identity when a decision is checked before it goes through the API (which sets `by`). */
const TOKEN_IDENTITY = 'token-identity';

interface ProtectOption {
  /** commander's flag text, e.g. `--type <type>`. */
  flags: string;
  help: string;
}

/** One `siteshift protect <sub>` that sends a decision: its options, and which decision and payload they make. */
interface ProtectDecisionCommand {
  name: string;
  summary: string;
  options: ProtectOption[];
  /** The decision and its payload (not validated yet) from the options. */
  decision(values: OptionValues): { name: ProtectionDecisionName; payload: Record<string, unknown> };
}

const text = (value: OptionValues[string]) => (typeof value === 'string' ? value : undefined);
const defined = (payload: Record<string, unknown>) =>
  Object.fromEntries(Object.entries(payload).filter(([, value]) => value !== undefined));
const common = (values: OptionValues) => ({ by: text(values.by), comment: text(values.comment) });

/** `Latest`, `LatestProcessed`, `LatestApplicationConsistent`, or a recovery point's id from the item's list. */
function recoveryPoint(value: OptionValues[string]): unknown {
  const point = text(value);
  if (point === undefined) return undefined;
  return (RECOVERY_POINTS as readonly string[]).includes(point) ? point : { recoveryPointId: point };
}

function booleanOption(name: string, value: OptionValues[string]): boolean | undefined {
  if (value === undefined) return undefined;
  if (value === 'true' || value === 'false') return value === 'true';
  throw new UsageError(`--${name} must be true or false; got ${shown(value)}`);
}

const BY: ProtectOption = { flags: '--by <name>', help: 'the operator making the decision, recorded with it (required)' };
const COMMENT: ProtectOption = { flags: '--comment <text>', help: 'a note recorded with the decision' };
const RECOVERY_POINT_HELP = `${RECOVERY_POINTS.join(', ')} or a recovery point id`;

export const PROTECT_DECISION_COMMANDS: readonly ProtectDecisionCommand[] = [
  {
    name: 'drill',
    summary: 'run a drill (test failover into the isolated network); --sign-off or --abort one that runs',
    options: [
      BY,
      COMMENT,
      { flags: '--sign-off', help: 'sign the running drill off as passed (approveDrill)' },
      { flags: '--abort', help: 'abort the running drill (abortDrill; needs --reason)' },
      { flags: '--reason <text>', help: 'why the drill is aborted' },
    ],
    decision(values) {
      if (values.signOff && values.abort) throw new UsageError('drill: --sign-off and --abort exclude each other');
      if (values.signOff) return { name: 'approveDrill', payload: common(values) };
      if (values.abort) return { name: 'abortDrill', payload: { ...common(values), reason: text(values.reason) } };
      return { name: 'runDrill', payload: common(values) };
    },
  },
  {
    name: 'failover',
    summary: 'fail over to Azure (--type), or --change-recovery-point of a failover not committed yet',
    options: [
      BY,
      COMMENT,
      { flags: '--type <type>', help: 'planned (Hyper-V only) or unplanned' },
      { flags: '--recovery-point <point>', help: `unplanned: ${RECOVERY_POINT_HELP}` },
      { flags: '--shutdown-source <bool>', help: 'unplanned: shut the source down first (true or false)' },
      { flags: '--change-recovery-point <point>', help: `move the failed-over VM to ${RECOVERY_POINT_HELP}` },
    ],
    decision(values) {
      if (values.changeRecoveryPoint !== undefined) {
        if (values.type !== undefined) throw new UsageError('failover: --change-recovery-point and --type exclude each other');
        return { name: 'changeRecoveryPoint', payload: { ...common(values), recoveryPoint: recoveryPoint(values.changeRecoveryPoint) } };
      }
      return {
        name: 'failover',
        payload: {
          ...common(values),
          type: text(values.type),
          recoveryPoint: recoveryPoint(values.recoveryPoint),
          shutdownSource: booleanOption('shutdown-source', values.shutdownSource),
        },
      };
    },
  },
  {
    name: 'commit',
    summary: 'commit the failover (or the failback)',
    options: [BY, COMMENT],
    decision: (values) => ({ name: 'commit', payload: common(values) }),
  },
  {
    name: 'reprotect',
    summary: 'reverse replication: VMware/physical to the on-premises site before failback; to Azure after a failback',
    options: [
      BY,
      COMMENT,
      { flags: '--reprotect-agent-id <id>', help: 'to on-premises: the appliance (process server) receiving the data' },
      { flags: '--datastore <name>', help: 'to on-premises: the VMware datastore of the failback VM' },
      { flags: '--log-storage-account-id <id>', help: 'to on-premises: the log storage account (Azure resource id)' },
      { flags: '--policy <name>', help: "to on-premises: the failback policy (ASR's default otherwise)" },
    ],
    decision(values) {
      const onPremises = defined({
        reprotectAgentId: text(values.reprotectAgentId),
        datastoreName: text(values.datastore),
        logStorageAccountId: text(values.logStorageAccountId),
        policyName: text(values.policy),
      });
      return { name: 'reprotect', payload: { ...common(values), onPremises: Object.keys(onPremises).length > 0 ? onPremises : undefined } };
    },
  },
  {
    name: 'failback',
    summary: 'planned failover from Azure back to the on-premises site',
    options: [
      BY,
      COMMENT,
      { flags: '--target <target>', help: 'original, alternate (Hyper-V host / VMware VM) or vmware-vm (physical servers)' },
      { flags: '--data-sync <when>', help: 'Hyper-V: beforeFailover (less downtime) or duringFailover' },
      { flags: '--alternate-host-id <id>', help: 'Hyper-V, --target alternate: the host receiving the VM' },
      { flags: '--recovery-point-type <type>', help: 'VMware/physical: ApplicationConsistent or CrashConsistent' },
    ],
    decision: (values) => ({
      name: 'failback',
      payload: {
        ...common(values),
        target: text(values.target),
        dataSync: text(values.dataSync),
        alternateHostId: text(values.alternateHostId),
        recoveryPointType: text(values.recoveryPointType),
      },
    }),
  },
  {
    name: 'convert',
    summary: 'make the machine a migration: Complete Migration instead of failback (fails over first if needed)',
    options: [BY, COMMENT],
    decision: (values) => ({ name: 'convertToMigration', payload: common(values) }),
  },
  {
    name: 'stop',
    summary: 'disable protection (reason NotSpecified): the protected item is removed',
    options: [BY, COMMENT, { flags: '--reason <text>', help: 'why protection is stopped (required)' }],
    decision: (values) => ({ name: 'stopProtection', payload: { ...common(values), reason: text(values.reason) } }),
  },
];

/** `siteshift protect`: its subcommands, each handing a ParsedCommand of kind 'protect' to `run`. */
export function addProtectCommands(
  program: Command,
  run: (parsed: ParsedCommand) => Promise<void>,
  parsedFrom: (sub: Command) => Omit<ParsedCommand, 'kind' | 'decision' | 'subcommand'>,
): void {
  const protect = program
    .command('protect')
    .description('disaster recovery: protect a machine for as long as wanted, drill, fail over and fail back');
  const sub = (name: string, arg: string, summary: string) =>
    protect
      .command(name)
      .description(summary)
      .argument(`<${arg}>`)
      .allowExcessArguments(true)
      .option('--json', 'print machine-readable JSON');
  const action = (command: Command) =>
    command.action(async () => run({ ...parsedFrom(command), kind: 'protect', subcommand: command.name() }));
  action(sub('start', 'request.json|-', 'validate and start protecting a machine (mode "disaster-recovery")'));
  action(sub('status', 'machineId', 'stage, where it runs, health and RPO, alerts, drills, decisions'));
  for (const decision of PROTECT_DECISION_COMMANDS) {
    const command = sub(decision.name, 'machineId', decision.summary);
    for (const option of decision.options) command.option(option.flags, option.help);
    command.option('--signal', 'send a Signal (fire and forget) instead of an Update');
    action(command);
  }
}

export function prepareProtectCommand(parsed: ParsedCommand & { kind: 'protect' }, io: CliIo): Promise<PreparedCommand> | PreparedCommand {
  const { json, values } = parsed;
  const print = (value: unknown) => io.stdout.write(`${JSON.stringify(value, null, 2)}\n`);
  const viaApi = Boolean(io.env?.SITESHIFT_API_URL?.trim());
  const protectionsOf = async (backend: CliMigrations): Promise<CliProtections> => {
    // Through the API (MigrationApiClient), as the token's identity; otherwise Temporal directly.
    const api = (backend as { protections?: CliProtections }).protections;
    if (api) return api;
    const client = directTemporal(backend, `protect ${parsed.subcommand}`);
    const { ProtectionClient } = await import('../client/protection-client');
    const protections = new ProtectionClient(client.client, client.taskQueue, { answerTimeoutMs: client.answerTimeoutMs });
    return {
      start: (request) => protections.start(request),
      status: (machineId) => protections.status(machineId),
      decide: (machineId, decision, payload, options) => protections.decide(machineId, decision, payload as never, options),
    };
  };
  if (parsed.subcommand === 'start') return prepareStart(parsed, io, protectionsOf);
  const machineId = machineIdArgument(parsed);
  if (parsed.subcommand === 'status') {
    return {
      async run(client) {
        const status = await (await protectionsOf(client)).status(machineId);
        if (json) print(status);
        else io.stdout.write(renderLines(protectionStatusLines(status)));
        return EXIT.ok;
      },
    };
  }
  const command = PROTECT_DECISION_COMMANDS.find((c) => c.name === parsed.subcommand);
  if (!command) throw new UsageError(`protect: unknown command ${shown(parsed.subcommand)}`);
  const { name, payload } = command.decision(values);
  if (viaApi && values.by !== undefined) {
    throw new UsageError(
      `protect ${command.name}: --by is not taken through the API (SITESHIFT_API_URL): the decision is made as your token's identity`,
    );
  }
  if (viaApi && values.signal === true) {
    throw new UsageError(
      `protect ${command.name}: --signal is not available through the API (SITESHIFT_API_URL): decisions are sent as updates`,
    );
  }
  // Through the API the token's identity is the `by`: checked here with a stand-in, and not sent.
  const checked = parseProtectionDecision(name, defined(viaApi ? { ...payload, by: TOKEN_IDENTITY } : payload));
  if (!checked.success) throw new InvalidDecisionError(name, checked.issues);
  const { by, ...withoutBy } = checked.data.payload;
  const sent = viaApi ? withoutBy : { by, ...withoutBy };
  const via = values.signal === true ? 'signal' : 'update';
  return {
    async run(client) {
      const status = await (await protectionsOf(client)).decide(machineId, name, sent, { via });
      if (json) print(status ?? { machineId, decision: name, via, sent: true });
      else if (status) io.stdout.write(renderLines([`${name} accepted for ${machineId} (now ${status.stage})`]));
      else io.stdout.write(renderLines([`${name} signal sent to ${machineId}; see: siteshift protect status ${machineId}`]));
      return EXIT.ok;
    },
  };
}

async function prepareStart(
  parsed: ParsedCommand,
  io: CliIo,
  protectionsOf: (backend: CliMigrations) => Promise<CliProtections>,
): Promise<PreparedCommand> {
  const request = parseProtectionRequest(await readJsonSource(parsed.positionals[0], io.stdin));
  return {
    async run(client) {
      const started = await (await protectionsOf(client)).start(request);
      const { machineId, workflowId, alreadyRunning } = started;
      if (parsed.json) io.stdout.write(`${JSON.stringify({ machineId, workflowId, alreadyRunning }, null, 2)}\n`);
      else io.stdout.write(renderLines([`${alreadyRunning ? 'already protected' : 'protection started'}: ${machineId} (${workflowId})`]));
      return EXIT.ok;
    },
  };
}

/** The human view of a protection's status. */
export function protectionStatusLines(status: ProtectionStatus): string[] {
  const health = status.health;
  const rpo = health
    ? `${health.rpoSeconds ?? '?'} s (threshold ${health.rpoThresholdSeconds} s${health.rpoExceeded ? ', EXCEEDED' : ''})`
    : 'not read yet';
  return [
    `Machine:    ${status.machineId} (${status.displayName ?? '?'}, ${status.scenario ?? '?'}) — disaster recovery, run ${status.run}`,
    `Stage:      ${status.stage}`,
    `Runs in:    ${status.activeLocation === 'Primary' ? 'on premises (Primary)' : 'Azure (Recovery)'}`,
    `Health:     ${health?.replicationHealth ?? 'not read yet'}   RPO: ${rpo}`,
    ...status.activeAlerts.map((alert) => `ALERT:      ${alert.kind} since ${alert.raisedAt}: ${alert.message} (${alert.notified})`),
    `Drills:     ${status.drillCount}${status.drills.length > 0 ? '' : ' (none yet)'}`,
    ...status.drills
      .slice(-5)
      .map(
        (d) =>
          `  ${d.startedAt}  ${d.result} (${d.durationSeconds} s) by ${d.by}${d.endedBy ? `, ended by ${d.endedBy}` : ''}${d.note ? `: ${d.note}` : ''}`,
      ),
    ...(status.lastError ? [`Last error: ${status.lastError.code} in ${status.lastError.stage}: ${status.lastError.message}`] : []),
    ...status.leftBehind.map((note) => `Left:       ${note}`),
  ];
}
