import { execFile } from 'node:child_process';
import { join, resolve } from 'node:path';

const REPO_ROOT = resolve(__dirname, '../..');
const TSX = join(REPO_ROOT, 'node_modules', '.bin', 'tsx');

export interface CliRun {
  code: number;
  stdout: string;
  stderr: string;
}

/** Spawns the real CLI (`tsx cli/main.ts ...`) as an operator would, optionally feeding stdin. */
export function runSiteshift(args: string[], options: { stdin?: string; env?: NodeJS.ProcessEnv } = {}): Promise<CliRun> {
  return new Promise((resolvePromise) => {
    const child = execFile(
      TSX,
      [join(REPO_ROOT, 'cli', 'main.ts'), ...args],
      { cwd: REPO_ROOT, env: { ...process.env, ...options.env }, timeout: 60_000 },
      (error, stdout, stderr) => {
        const code = error ? (typeof error.code === 'number' ? error.code : -1) : 0;
        resolvePromise({ code, stdout, stderr });
      },
    );
    child.stdin?.end(options.stdin ?? '');
  });
}
