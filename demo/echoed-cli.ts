import { setTimeout as delay } from 'node:timers/promises';
import type { CliMigrations } from '../cli/commands';
import { runCli } from '../cli/run-cli';

export interface EchoedCliOptions {
  /** The backend the command's own code uses (the demo's client). */
  connect: () => Promise<CliMigrations>;
  /** Where the command reads its settings (SITESHIFT_ASR_* for `plan`); default process.env. */
  env?: NodeJS.ProcessEnv;
  /** How the arguments are shown, when not as given (e.g. a repository path made relative). */
  shown?: readonly string[];
  log: (line: string) => void;
}

/**
 * Runs a `siteshift` command in this process with the CLI's own runCli, as a person would type it, and echoes
 * the command line with its answer. Returns the exit code and the answer.
 */
export async function runEchoedCli(argv: readonly string[], options: EchoedCliOptions): Promise<{ exitCode: number; output: string }> {
  let output = '';
  const sink = { write: (text: string) => (output += text) };
  const exitCode = await runCli(argv, {
    stdout: sink,
    stderr: sink,
    stdin: process.stdin,
    env: options.env,
    connect: options.connect,
    sleep: (ms) => delay(ms),
  });
  options.log(`$ siteshift ${(options.shown ?? argv).map(shellQuote).join(' ')}\n  ${output.trim().split('\n').join('\n  ')}`);
  return { exitCode, output: output.trim() };
}

/** An argument as a person would type it in a POSIX shell. */
function shellQuote(arg: string): string {
  return /^[\w@%+=:,./-]+$/.test(arg) ? arg : `'${arg.replace(/'/g, `'\\''`)}'`;
}
