import { setTimeout as delay } from 'node:timers/promises';
import {
  DecisionRejectedError,
  InvalidBatchError,
  InvalidDecisionError,
  MigrationAlreadyCompletedError,
  MigrationClient,
  MigrationNotFoundError,
  NoWorkerAnswerError,
  describeConfiguredConnection,
} from '../client';
import { InvalidMigrationRequestError } from '../common/migration-request';
import { helpText, parseInvocation } from './args';
import { prepareCommand, type CliIo } from './commands';
import { EXIT, InputError, UsageError } from './exit-codes';

export function defaultIo(): CliIo {
  return {
    stdout: process.stdout,
    stderr: process.stderr,
    stdin: process.stdin,
    connect: () => MigrationClient.connect(),
    sleep: (ms) => delay(ms),
  };
}

/** Runs one CLI invocation and returns its exit code; never throws. */
export async function runCli(argv: readonly string[], io: CliIo = defaultIo()): Promise<number> {
  let json = argv.includes('--json');
  let client: MigrationClient | undefined;
  try {
    const invocation = parseInvocation(argv);
    if (invocation.help) {
      if (invocation.noCommand) {
        io.stderr.write(helpText());
        return EXIT.usage;
      }
      io.stdout.write(helpText(invocation.command));
      return EXIT.ok;
    }
    json = invocation.json;
    const command = await prepareCommand(invocation, io);
    client = await connect(io);
    return await command.run(client, io);
  } catch (error) {
    return report(error, json, io);
  } finally {
    await client?.close().catch(() => undefined);
  }
}

async function connect(io: CliIo): Promise<MigrationClient> {
  try {
    return await io.connect();
  } catch (error) {
    throw new ConnectError(
      `Cannot connect to Temporal at ${whereTemporalIs()}: ${(error as Error).message}\n` +
        'Start the stack with `npm start`, or set TEMPORAL_ADDRESS / TEMPORAL_NAMESPACE / TEMPORAL_API_KEY / TEMPORAL_PROFILE.',
    );
  }
}

function whereTemporalIs(): string {
  try {
    return describeConfiguredConnection();
  } catch (error) {
    return `(connection settings unreadable: ${(error as Error).message})`;
  }
}

class ConnectError extends Error {
  override name = 'ConnectError';
}

interface ErrorReport {
  exitCode: number;
  code: string;
  message: string;
  details?: unknown;
}

function classify(error: unknown): ErrorReport {
  const e = error as Error;
  if (error instanceof UsageError) return { exitCode: EXIT.usage, code: 'Usage', message: `${e.message}\nRun "siteshift --help" for usage.` };
  if (error instanceof InputError) return { exitCode: EXIT.invalidInput, code: 'InvalidInput', message: e.message };
  if (error instanceof InvalidMigrationRequestError) return { exitCode: EXIT.invalidInput, code: e.name, message: e.message, details: error.issues };
  if (error instanceof InvalidBatchError) return { exitCode: EXIT.invalidInput, code: e.name, message: e.message, details: error.items };
  if (error instanceof InvalidDecisionError) return { exitCode: EXIT.invalidInput, code: e.name, message: e.message, details: error.issues };
  if (error instanceof MigrationNotFoundError) return { exitCode: EXIT.notFound, code: e.name, message: e.message };
  if (error instanceof DecisionRejectedError) return { exitCode: EXIT.rejected, code: e.name, message: e.message, details: { reason: error.reason } };
  if (error instanceof NoWorkerAnswerError) return { exitCode: EXIT.noWorkerAnswer, code: e.name, message: e.message };
  if (error instanceof MigrationAlreadyCompletedError) return { exitCode: EXIT.rejected, code: e.name, message: e.message };
  return { exitCode: EXIT.failure, code: e?.name ?? 'Error', message: e?.message ?? String(error) };
}

function report(error: unknown, json: boolean, io: CliIo): number {
  const { exitCode, code, message, details } = classify(error);
  if (json) io.stderr.write(`${JSON.stringify({ error: { code, message, ...(details === undefined ? {} : { details }) } })}\n`);
  else io.stderr.write(`siteshift: ${message}\n`);
  return exitCode;
}
