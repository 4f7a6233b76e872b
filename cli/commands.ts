import { MigrationClient, validateMigrationRequests } from '../client';
import { InvalidDecisionError } from '../client/errors';
import { DECISION_SCHEMAS, type DecisionName, type DecisionPayload } from '../common/decisions';
import { formatIssues, parseMigrationRequest } from '../common/migration-request';
import type { MigrationStatus } from '../common/migration-status';
import { FINAL_STAGES } from '../common/stages';
import { scenarioOption, secondsOption, stageOption, type CommandName, type ParsedCommand } from './args';
import { EXIT } from './exit-codes';
import { formatList, formatStartResults, formatStatus, progressBar } from './format';
import { readJsonSource } from './read-json';

export interface CliIo {
  stdout: { write(text: string): unknown };
  stderr: { write(text: string): unknown };
  stdin: NodeJS.ReadableStream;
  connect: () => Promise<MigrationClient>;
  sleep: (ms: number) => Promise<void>;
}

/**
 * A command runs in two steps: `prepare` checks everything that needs no server (files, JSON, payloads),
 * so bad input fails fast and never reaches Temporal; `run` then does the work with a connected client.
 */
interface PreparedCommand {
  run(client: MigrationClient, io: CliIo): Promise<number>;
}

const DECISION_COMMANDS = {
  'approve-test': 'approveTestFailover',
  retest: 'requestRetest',
  'approve-failover': 'approveFailover',
  abort: 'abortMigration',
} as const satisfies Partial<Record<CommandName, DecisionName>>;

/** Payload fields named after the CLI options that set them, so errors point at what to fix. */
const OPTION_FOR_FIELD: Record<string, string> = { by: '--by', comment: '--comment', notBefore: '--not-before', reason: '--reason' };

function printJson(io: CliIo, value: unknown): void {
  io.stdout.write(`${JSON.stringify(value, null, 2)}\n`);
}

export async function prepareCommand(parsed: ParsedCommand, io: CliIo): Promise<PreparedCommand> {
  const { command, positionals, values, json } = parsed;
  switch (command) {
    case 'start': {
      const content = await readJsonSource(positionals[0], io.stdin);
      const inputs = Array.isArray(content) ? content : [content];
      if (Array.isArray(content)) validateMigrationRequests(content);
      else parseMigrationRequest(content);
      return {
        async run(client) {
          const results = await client.startBatch(inputs);
          if (json) printJson(io, results);
          else io.stdout.write(formatStartResults(results));
          const failures = results.filter((r) => r.outcome === 'error');
          if (failures.length === 0) return EXIT.ok;
          return failures.every((r) => r.outcome === 'error' && r.errorName === 'MigrationAlreadyCompletedError') ? EXIT.rejected : EXIT.failure;
        },
      };
    }
    case 'status':
      return {
        async run(client) {
          const status = await client.status(positionals[0]);
          if (json) printJson(io, status);
          else io.stdout.write(formatStatus(status));
          return EXIT.ok;
        },
      };
    case 'list': {
      const filter = { stage: stageOption(values.stage), scenario: scenarioOption(values.scenario), wave: values.wave as string | undefined };
      return {
        async run(client) {
          const migrations = await client.list(filter);
          if (json) printJson(io, migrations);
          else io.stdout.write(formatList(migrations));
          return EXIT.ok;
        },
      };
    }
    case 'approve-test':
    case 'retest':
    case 'approve-failover':
    case 'abort':
      return prepareDecision(DECISION_COMMANDS[command], parsed, io);
    case 'watch': {
      const intervalMs = secondsOption('interval', values.interval, 2) * 1000;
      return { run: (client) => watch(client, positionals[0], intervalMs, json, io) };
    }
  }
}

function prepareDecision(decision: DecisionName, parsed: ParsedCommand, io: CliIo): PreparedCommand {
  const { positionals, values, json } = parsed;
  const machineId = positionals[0];
  const raw = { by: values.by, comment: values.comment, notBefore: values['not-before'], reason: values.reason };
  const payload = Object.fromEntries(Object.entries(raw).filter(([, value]) => value !== undefined));
  const result = DECISION_SCHEMAS[decision].safeParse(payload);
  if (!result.success) {
    const issues = formatIssues(result.error).map((issue) => ({ ...issue, path: OPTION_FOR_FIELD[issue.path] ?? issue.path }));
    throw new InvalidDecisionError(decision, issues);
  }
  const via = values.signal === true ? 'signal' : 'update';
  return {
    async run(client) {
      const status = await client.decide(machineId, decision, result.data as DecisionPayload<typeof decision>, { via });
      if (via === 'signal') {
        const note = `${decision} signal sent to ${machineId}; the workflow records whether it accepted it (see: siteshift status ${machineId})`;
        if (json) printJson(io, { machineId, decision, via, sent: true });
        else io.stdout.write(`${note}\n`);
      } else if (status) {
        if (json) printJson(io, status);
        // The workflow answers on acceptance, before it acts on the decision: say where it was, not where it goes.
        else io.stdout.write(`${decision} accepted for ${machineId} (in ${status.stage})\n`);
      }
      return EXIT.ok;
    },
  };
}

async function watch(client: MigrationClient, machineId: string, intervalMs: number, json: boolean, io: CliIo): Promise<number> {
  let previous = '';
  for (;;) {
    const status: MigrationStatus = await client.status(machineId);
    const summary = `${status.stage} ${status.replication.percent}${status.replication.stalled ? ' stalled' : ''} ${status.decisions.length}`;
    if (summary !== previous) {
      previous = summary;
      if (json) io.stdout.write(`${JSON.stringify(status)}\n`);
      else {
        const stalled = status.replication.stalled ? '  STALLED' : '';
        io.stdout.write(`${new Date().toISOString()}  ${status.stage.padEnd(26)}${progressBar(status.replication.percent, 20)}${stalled}\n`);
      }
    }
    if (FINAL_STAGES.includes(status.stage)) {
      if (!json) io.stdout.write(`\n${formatStatus(status)}`);
      return status.stage === 'Completed' ? EXIT.ok : EXIT.migrationDidNotComplete;
    }
    await io.sleep(intervalMs);
  }
}
