import type { MigrationClient } from '../client/migration-client';
import { InvalidDecisionError } from '../client/errors';
import { validateMigrationRequests } from '../client/validate-batch';
import { parseDecision, type DecisionName } from '../common/decisions';
import { parseMigrationRequest } from '../common/migration-request';
import type { MigrationStatus } from '../common/migration-status';
import { FINAL_STAGES } from '../common/stages';
import { DECISION_CLI, optionFlagFor } from './decision-commands';
import { EXIT, NothingToStartError, UsageError } from './exit-codes';
import { formatList, formatStartResults, formatStatus, progressBar } from './format';
import { machineIdArgument, scenarioOption, secondsOption, stageOption, waveOption } from './option-values';
import type { ParsedCommand } from './program';
import { readJsonSource } from './read-json';
import { renderLines } from './terminal-text';

export interface CliIo {
  stdout: { write(text: string): unknown };
  stderr: { write(text: string): unknown };
  stdin: NodeJS.ReadableStream;
  /** Where TEMPORAL_* and SITESHIFT_* settings are read (default process.env). */
  env?: NodeJS.ProcessEnv;
  connect: () => Promise<MigrationClient>;
  sleep: (ms: number) => Promise<void>;
}

/**
 * A command runs in two steps: `prepare` checks everything that needs no server (files, JSON, payloads),
 * so bad input fails fast and never reaches Temporal; `run` then does the work with a connected client.
 */
export interface PreparedCommand {
  run(client: MigrationClient, io: CliIo): Promise<number>;
}

function printJson(io: CliIo, value: unknown): void {
  io.stdout.write(`${JSON.stringify(value, null, 2)}\n`);
}

export async function prepareCommand(
  parsed: Exclude<ParsedCommand, { kind: 'tokensAdd' | 'protect' }>,
  io: CliIo,
): Promise<PreparedCommand> {
  const { positionals, values, json } = parsed;
  switch (parsed.kind) {
    case 'start': {
      const content = await readJsonSource(positionals[0], io.stdin);
      if (Array.isArray(content) && content.length === 0) throw new NothingToStartError(positionals[0] === '-' ? 'stdin' : positionals[0]);
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
          return failures.every((r) => r.outcome === 'error' && r.errorName === 'MigrationAlreadyCompletedError')
            ? EXIT.rejected
            : EXIT.failure;
        },
      };
    }
    case 'status': {
      const machineId = machineIdArgument(parsed);
      return {
        async run(client) {
          const status = await client.status(machineId);
          if (json) printJson(io, status);
          else io.stdout.write(formatStatus(status));
          return EXIT.ok;
        },
      };
    }
    case 'list': {
      const filter = { stage: stageOption(values.stage), scenario: scenarioOption(values.scenario), wave: waveOption(values.wave) };
      return {
        async run(client) {
          const migrations = await client.list(filter);
          if (json) printJson(io, migrations);
          else io.stdout.write(formatList(migrations));
          return EXIT.ok;
        },
      };
    }
    case 'decide':
      return prepareDecision(parsed.decision, parsed, io);
    case 'watch': {
      const machineId = machineIdArgument(parsed);
      const intervalMs = secondsOption('interval', values.interval, 2) * 1000;
      return { run: (client) => watch(client, machineId, intervalMs, json, io) };
    }
  }
}

function prepareDecision(decision: DecisionName, parsed: ParsedCommand, io: CliIo): PreparedCommand {
  const { values, json } = parsed;
  const machineId = machineIdArgument(parsed);
  const options = DECISION_CLI.find((command) => command.decision === decision)!.options;
  for (const option of options) {
    const value = values[option.field];
    if (option.required && (typeof value !== 'string' || value.trim() === '')) {
      throw new UsageError(`${parsed.name}: ${option.flag} is required. Usage: ${parsed.usage}`);
    }
  }
  const payload = Object.fromEntries(
    options.filter((option) => values[option.field] !== undefined).map((option) => [option.field, values[option.field]]),
  );
  const result = parseDecision(decision, payload);
  if (!result.success) {
    // Payload fields named after the CLI options that set them, so errors point at what to fix.
    const issues = result.issues.map((issue) => ({ ...issue, path: issue.path ? optionFlagFor(issue.path) : issue.path }));
    throw new InvalidDecisionError(decision, issues);
  }
  const via = values.signal === true ? 'signal' : 'update';
  return {
    async run(client) {
      const status = await client.decide(machineId, decision, result.data.payload, { via });
      if (via === 'signal') {
        const note = `${decision} signal sent to ${machineId}; the workflow records whether it accepted it (see: siteshift status ${machineId})`;
        if (json) printJson(io, { machineId, decision, via, sent: true });
        else io.stdout.write(renderLines([note]));
      } else if (status) {
        if (json) printJson(io, status);
        // The workflow answers on acceptance, before it acts on the decision: say where it was, not where it goes.
        else io.stdout.write(renderLines([`${decision} accepted for ${machineId} (in ${status.stage})`]));
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
        io.stdout.write(
          renderLines([`${new Date().toISOString()}  ${status.stage.padEnd(26)}${progressBar(status.replication.percent, 20)}${stalled}`]),
        );
      }
    }
    if (FINAL_STAGES.includes(status.stage)) {
      if (!json) io.stdout.write(`${renderLines([''])}${formatStatus(status)}`);
      return status.stage === 'Completed' ? EXIT.ok : EXIT.migrationDidNotComplete;
    }
    await io.sleep(intervalMs);
  }
}
