import { Readable } from 'node:stream';
import { runCli, defaultIo } from '../../cli/run-cli';

export interface CliRun {
  code: number;
  stdout: string;
  stderr: string;
  /** How many times the command tried to reach Temporal (0: it stopped before starting anything). */
  connects: number;
}

/**
 * Runs `siteshift <args>` in this process through `runCli`, as the bin does, with the given environment
 * (TEMPORAL_*, SITESHIFT_TASK_QUEUE) and stdin; output is captured as the terminal would receive it.
 */
export async function runCliInProcess(
  args: string[],
  options: {
    stdin?: string;
    env?: NodeJS.ProcessEnv;
    /** Fail the connection at once instead of trying Temporal. */ unreachable?: boolean;
  } = {},
): Promise<CliRun> {
  let stdout = '';
  let stderr = '';
  let connects = 0;
  const real = defaultIo({ ...process.env, ...options.env });
  const code = await runCli(args, {
    ...real,
    stdout: { write: (text: string) => (stdout += text) },
    stderr: { write: (text: string) => (stderr += text) },
    stdin: Readable.from(options.stdin === undefined || options.stdin === '' ? [] : [options.stdin]),
    connect: () => {
      connects += 1;
      return options.unreachable ? Promise.reject(new Error('unreachable in this test')) : real.connect();
    },
  });
  return { code, stdout, stderr, connects };
}
