import type { ListFilter } from '../client/list-query';
import type { BatchItemResult, DecisionOptions, MigrationSummary } from '../client/migration-client';
import { InvalidDecisionError } from '../client/errors';
import { validateMigrationRequests } from '../client/validate-batch';
import { checkWith } from '../common/field-issues';
import { parseDecision, payloadSchemaWithoutBy, type DecisionName } from '../common/decisions';
import { parseMigrationRequest } from '../common/migration-request';
import type { MigrationStatus } from '../common/migration-status';
import { FINAL_STAGES } from '../common/stages';
import { DECISION_CLI, optionFlagFor } from './decision-commands';
import { EXIT, NothingToStartError, UsageError } from './exit-codes';
import { formatList, formatStartResults, formatStatus, progressBar } from './format';
import { machineIdArgument, scenarioOption, secondsOption, stageOption, waveOption, withStartedBy } from './option-values';
import type { ParsedCommand, TokensCommandKind } from './program';
import { readJsonSource } from './read-json';
import { renderLines } from './terminal-text';
import { prepareWaveCommand } from './wave-commands';

/**
 * What the CLI needs of a backend: MigrationClient (Temporal directly) or MigrationApiClient (the HTTP API,
 * with SITESHIFT_API_URL and a token).
 */
export interface CliMigrations {
  startBatch(inputs: readonly unknown[]): Promise<BatchItemResult[]>;
  status(machineId: string): Promise<MigrationStatus>;
  list(filter?: ListFilter): Promise<MigrationSummary[]>;
  decide(
    machineId: string,
    decision: DecisionName,
    payload: Record<string, unknown>,
    options?: DecisionOptions,
  ): Promise<MigrationStatus | void>;
  close(): Promise<void>;
}

export interface CliIo {
  stdout: { write(text: string): unknown };
  stderr: { write(text: string): unknown };
  stdin: NodeJS.ReadableStream;
  /** Where TEMPORAL_* and SITESHIFT_* settings are read (default process.env). */
  env?: NodeJS.ProcessEnv;
  connect: () => Promise<CliMigrations>;
  sleep: (ms: number) => Promise<void>;
}

/**
 * A command runs in two steps: `prepare` checks everything that needs no server (files, JSON, payloads),
 * so bad input fails fast and never reaches Temporal; `run` then does the work with a connected client.
 */
export interface PreparedCommand {
  run(client: CliMigrations, io: CliIo): Promise<number>;
}

function printJson(io: CliIo, value: unknown): void {
  io.stdout.write(`${JSON.stringify(value, null, 2)}\n`);
}

export async function prepareCommand(
  parsed: Exclude<ParsedCommand, { kind: TokensCommandKind | 'plan' | 'protect' }>,
  io: CliIo,
): Promise<PreparedCommand> {
  const { positionals, values, json } = parsed;
  switch (parsed.kind) {
    case 'start': {
      const content = await readJsonSource(positionals[0], io.stdin);
      if (Array.isArray(content) && content.length === 0) throw new NothingToStartError(positionals[0] === '-' ? 'stdin' : positionals[0]);
      const inputs = (Array.isArray(content) ? content : [content]).map((input) => withStartedBy(input, values.by));
      if (Array.isArray(content)) validateMigrationRequests(inputs);
      else parseMigrationRequest(inputs[0]);
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
    case 'wave':
      return prepareWaveCommand(parsed, io);
    case 'watch': {
      const machineId = machineIdArgument(parsed);
      const intervalMs = secondsOption('interval', values.interval, 2) * 1000;
      return { run: (client) => watch(client, machineId, intervalMs, json, io) };
    }
  }
}

/** Through the API (SITESHIFT_API_URL), a decision's `by` is the token's identity: the CLI neither needs nor sends one. */
function checkedPayload(decision: DecisionName, payload: Record<string, unknown>, viaApi: boolean) {
  const result = viaApi ? checkWith(payloadSchemaWithoutBy(decision), payload) : parseDecision(decision, payload);
  if (!result.success) {
    // Payload fields named after the CLI options that set them, so errors point at what to fix.
    const issues = result.issues.map((issue) => ({ ...issue, path: issue.path ? optionFlagFor(issue.path) : issue.path }));
    throw new InvalidDecisionError(decision, issues);
  }
  return viaApi ? (result.data as Record<string, unknown>) : (result.data as { payload: Record<string, unknown> }).payload;
}

function prepareDecision(decision: DecisionName, parsed: ParsedCommand, io: CliIo): PreparedCommand {
  const { values, json } = parsed;
  const machineId = machineIdArgument(parsed);
  const viaApi = Boolean(io.env?.SITESHIFT_API_URL?.trim());
  const options = DECISION_CLI.find((command) => command.decision === decision)!.options.filter(
    (option) => !viaApi || option.field !== 'by',
  );
  if (viaApi && values.by !== undefined) {
    throw new UsageError(
      `${parsed.name}: --by is not taken through the API (SITESHIFT_API_URL): the decision is made as your token's identity`,
    );
  }
  if (viaApi && values.signal === true) {
    throw new UsageError(`${parsed.name}: --signal is not available through the API (SITESHIFT_API_URL): decisions are sent as updates`);
  }
  for (const option of options) {
    const value = values[option.field];
    if (option.required && (typeof value !== 'string' || value.trim() === '')) {
      throw new UsageError(`${parsed.name}: ${option.flag} is required. Usage: ${parsed.usage}`);
    }
  }
  const payload = checkedPayload(
    decision,
    Object.fromEntries(
      options.filter((option) => values[option.field] !== undefined).map((option) => [option.field, values[option.field]]),
    ),
    viaApi,
  );
  const via = values.signal === true ? 'signal' : 'update';
  return {
    async run(client) {
      const status = await client.decide(machineId, decision, payload, { via });
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

async function watch(client: CliMigrations, machineId: string, intervalMs: number, json: boolean, io: CliIo): Promise<number> {
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
