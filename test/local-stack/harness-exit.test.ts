import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { resolve } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';

const REPO_ROOT = resolve(__dirname, '..', '..');
/** Far more than node and tsx need to start, load the harness and end, even on a loaded machine. */
const EXIT_BOUND_MS = 60_000;

/**
 * A Jest worker exits once the test files it ran leave nothing running; one that does not is killed ("A worker
 * process has failed to exit gracefully"). A Temporal runtime nobody shuts down is such a thing, and it ignores
 * SIGTERM (it is the SDK's shutdown hook), so it is checked here in a process of its own.
 */
describe('the Temporal test harness', () => {
  it(
    'lets a process that only imports it (as a test file needing uniqueTaskQueue does) exit by itself',
    async () => {
      const child = spawn(
        process.execPath,
        ['--import', 'tsx', '-e', "console.log(require('./test/support/temporal.ts').uniqueTaskQueue('exit'))"],
        { cwd: REPO_ROOT, stdio: ['ignore', 'pipe', 'pipe'] },
      );
      let output = '';
      child.stdout.on('data', (chunk) => (output += chunk));
      child.stderr.on('data', (chunk) => (output += chunk));
      const bound = new AbortController();
      try {
        const ended = await Promise.race([
          once(child, 'exit').then(([code]) => code as number),
          sleep(EXIT_BOUND_MS, 'still running', { signal: bound.signal }),
        ]);
        expect({ ended, output }).toEqual({ ended: 0, output: expect.stringMatching(/^exit-[0-9a-f-]{36}\n$/) });
      } finally {
        bound.abort();
        child.kill('SIGKILL');
      }
    },
    EXIT_BOUND_MS + 30_000,
  );
});
