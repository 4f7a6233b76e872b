import { spawn, type ChildProcess } from 'node:child_process';
import { createServer } from 'node:net';
import { join, resolve } from 'node:path';
import { waitUntil } from './polling';

const REPO_ROOT = resolve(__dirname, '..', '..');

/** A program of bin/ running in its own process group, as a terminal or a supervisor starts it. */
export interface Program {
  child: ChildProcess;
  /** Everything it printed so far (stdout and stderr). */
  output(): string;
  /** Its exit code, or the signal that ended it. */
  exited: Promise<number | NodeJS.Signals>;
  /** True while any process of its group (the program, tsx, anything it started) is still running. */
  groupAlive(): boolean;
  /** Resolves once the output holds `text` `times` times; fails, with the output, if the program exits first or after `timeoutMs`. */
  printed(text: string, timeoutMs?: number, times?: number): Promise<void>;
}

const started = new Set<Program>();

/**
 * Starts `bin/<name>.ts` with `env` on top of this process's. `via: 'tsx'` runs it as `npm run` does (the tsx
 * CLI relaying signals to the node process it starts); `via: 'node'` is one process (`node --import tsx`).
 */
export function startProgram(name: string, env: Record<string, string>, via: 'tsx' | 'node' = 'node'): Program {
  const entry = join('bin', `${name}.ts`);
  const [command, args] =
    via === 'tsx' ? [join(REPO_ROOT, 'node_modules', '.bin', 'tsx'), [entry]] : [process.execPath, ['--import', 'tsx', entry]];
  let output = '';
  const child = spawn(command, args, {
    cwd: REPO_ROOT,
    env: { ...process.env, ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
    detached: true, // its own process group, like a shell job
  });
  child.stdout!.on('data', (chunk) => (output += chunk));
  child.stderr!.on('data', (chunk) => (output += chunk));
  const exited = new Promise<number | NodeJS.Signals>((resolveExit) => child.on('exit', (code, signal) => resolveExit(code ?? signal!)));
  let exitedAs: number | NodeJS.Signals | undefined;
  void exited.then((how) => (exitedAs = how));
  const program: Program = {
    child,
    output: () => output,
    exited,
    async printed(text, timeoutMs = 60_000, times = 1) {
      await waitUntil(
        () => `bin/${name}.ts to print '${text}'; output so far:\n${output}`,
        () => output.split(text).length > times,
        (done) => done,
        { timeoutMs, stopIf: () => (exitedAs !== undefined ? `bin/${name}.ts exited (${exitedAs})` : undefined) },
      );
    },
    groupAlive: () => {
      try {
        process.kill(-child.pid!, 0);
        return true;
      } catch {
        return false;
      }
    },
  };
  started.add(program);
  void exited.then(() => {
    if (!program.groupAlive()) started.delete(program);
  });
  return program;
}

/** SIGKILLs the process group of every program this test file started that is still running (afterEach/afterAll). */
export function killAllPrograms(): void {
  for (const program of started) {
    if (program.groupAlive()) process.kill(-program.child.pid!, 'SIGKILL');
    started.delete(program);
  }
}

/** True when nothing listens on 127.0.0.1:port. */
export function canListen(port: number): Promise<boolean> {
  return new Promise((resolveProbe) => {
    const probe = createServer();
    probe.once('error', () => resolveProbe(false));
    probe.listen(port, '127.0.0.1', () => probe.close(() => resolveProbe(true)));
  });
}
