import { CommanderError, type Command } from 'commander';
import { setTimeout as delay } from 'node:timers/promises';
import type { CliIo } from './commands';
import { EXIT, UsageError } from './exit-codes';
import { buildProgram, usageOf, type ParsedCommand } from './program';
import { renderLines } from './terminal-text';
import { cliVersion } from './version';

export type { CliIo } from './commands';

/**
 * The real process: stdio, and a backend loaded only when a command needs it: the HTTP API when
 * SITESHIFT_API_URL is set (as SITESHIFT_API_TOKEN's identity), otherwise Temporal from the TEMPORAL_* settings.
 */
export function defaultIo(env: NodeJS.ProcessEnv = process.env): CliIo {
  return {
    stdout: process.stdout,
    stderr: process.stderr,
    stdin: process.stdin,
    env,
    connect: async () => {
      const { apiClientSettingsFromEnv } = await import('../config/api-client');
      const api = apiClientSettingsFromEnv(env);
      if (api) {
        const { MigrationApiClient } = await import('../client/migration-api-client');
        return new MigrationApiClient(api);
      }
      const [{ MigrationClient }, { ONE_SHOT_TEMPORAL_WAIT_MS, temporalWaitFromEnv }] = await Promise.all([
        import('../client/migration-client'),
        import('../config/temporal-connection'),
      ]);
      // A one-shot command waits a bounded time for a Temporal that is restarting (SITESHIFT_TEMPORAL_WAIT_SECONDS).
      const wait = temporalWaitFromEnv(env, ONE_SHOT_TEMPORAL_WAIT_MS);
      return MigrationClient.connect({ env, wait, log: (line) => process.stderr.write(`${renderLines([line])}\n`) });
    },
    sleep: (ms) => delay(ms),
  };
}

/** Runs one CLI invocation in this process and returns its exit code; never throws. */
export async function runCli(argv: readonly string[], io: CliIo = defaultIo()): Promise<number> {
  let exitCode: number = EXIT.ok;
  let json = argv.includes('--json');
  let wroteToStderr = false;
  const program = buildProgram(cliVersion(), async (parsed) => {
    json = parsed.json;
    exitCode = await execute(parsed, io);
  });
  const text = (write: (text: string) => unknown) => (output: string) => write(renderLines(output.replace(/\n$/, '').split('\n')));
  const everyCommand = (command: Command): Command[] => [command, ...command.commands.flatMap(everyCommand)];
  for (const command of everyCommand(program)) {
    command
      .configureOutput({
        writeOut: text((output) => io.stdout.write(output)),
        writeErr: text((output) => {
          wroteToStderr = true;
          return io.stderr.write(output);
        }),
        outputError: () => undefined,
      })
      .exitOverride((error) => {
        throw usageErrorFrom(error, command);
      });
  }
  try {
    if (argv.length === 0) {
      program.outputHelp({ error: true });
      return EXIT.usage;
    }
    await program.parseAsync([...argv], { from: 'user' });
    return exitCode;
  } catch (error) {
    if (error instanceof HelpShown) return wroteToStderr ? EXIT.usage : EXIT.ok;
    return await report(error, json, io);
  }
}

async function execute(parsed: ParsedCommand, io: CliIo): Promise<number> {
  if (parsed.kind === 'tokensAdd' || parsed.kind === 'tokensList' || parsed.kind === 'tokensRemove') {
    // Works on the tokens file alone: no Temporal connection.
    const { tokensCommand } = await import('./tokens-command');
    return tokensCommand(parsed, io);
  }
  if (parsed.kind === 'plan') {
    // Reads the vault (SITESHIFT_ASR_*), not Temporal.
    const { planCommand } = await import('./plan/plan-command');
    return planCommand(parsed, io);
  }
  let command;
  if (parsed.kind === 'protect') {
    const { prepareProtectCommand } = await import('./protect-commands');
    command = await prepareProtectCommand(parsed, io);
  } else {
    const { prepareCommand } = await import('./commands');
    command = await prepareCommand(parsed, io);
  }
  const client = await connect(io);
  try {
    return await command.run(client, io);
  } finally {
    await client.close().catch(() => undefined);
  }
}

async function connect(io: CliIo): ReturnType<CliIo['connect']> {
  try {
    return await io.connect();
  } catch (error) {
    if (io.env?.SITESHIFT_API_URL?.trim()) {
      // Through the API nothing connects up front: only its settings can be wrong here.
      throw new ConnectError([(error as Error).message], EXIT.temporalMisconfigured);
    }
    const { describeConfiguredConnection } = await import('../client/connection');
    let where: string;
    try {
      where = describeConfiguredConnection(io.env);
    } catch (settingsError) {
      where = `(connection settings unreadable: ${(settingsError as Error).message})`;
    }
    // 75 (still unreachable after the wait) and 78 (wrong settings) come from the connection itself.
    const exitCode = (error as { exitCode?: unknown }).exitCode;
    throw new ConnectError(
      [
        `Cannot connect to Temporal at ${where}: ${(error as Error).message}`,
        'Start the stack with `npm start`, or set TEMPORAL_ADDRESS / TEMPORAL_NAMESPACE / TEMPORAL_API_KEY / TEMPORAL_PROFILE.',
      ],
      typeof exitCode === 'number' ? exitCode : EXIT.failure,
    );
  }
}

export class ConnectError extends Error {
  override name = 'ConnectError';
  constructor(
    readonly lines: string[],
    readonly exitCode: number,
  ) {
    super(lines.join('\n'));
  }
}

/** Help or version was printed: not an error, but commander stops there. */
class HelpShown extends Error {}

/** Commander's own parse errors, said the way the rest of the CLI says them: `<command>: what is wrong`. */
function usageErrorFrom(error: CommanderError, command: Command): Error {
  if (error.code === 'commander.helpDisplayed' || error.code === 'commander.version' || error.code === 'commander.help')
    return new HelpShown();
  const [said, ...hints] = error.message.replace(/^error: /, '').split(/\n(?=\(Did you mean )/);
  // Commander quotes the offending argument whole; a huge one must not flood the terminal.
  const problem = said.length > 300 ? `${said.slice(0, 300)}…` : said;
  const where = command.parent ? `${command.name()}: ` : '';
  if (error.code === 'commander.missingArgument') {
    const name = /'(.*)'/.exec(problem)?.[1] ?? 'argument';
    return new UsageError(`${where}missing <${name}>. Usage: ${usageOf(command)}`);
  }
  const capitalised = problem.charAt(0).toUpperCase() + problem.slice(1);
  return new UsageError(command.parent ? `${where}${capitalised}. Usage: ${usageOf(command)}` : capitalised, hints);
}

async function report(error: unknown, json: boolean, io: CliIo): Promise<number> {
  const { describeError } = await import('./report-error');
  const { exitCode, code, message, lines, details } = describeError(error);
  if (json) io.stderr.write(`${JSON.stringify({ error: { code, message, ...(details === undefined ? {} : { details }) } })}\n`);
  else io.stderr.write(renderLines([`siteshift: ${lines[0]}`, ...lines.slice(1)]));
  return exitCode;
}
