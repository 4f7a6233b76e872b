import { version as packageVersion } from '../../package.json';
import { execFile } from 'node:child_process';
import { join, resolve } from 'node:path';
import { promisify } from 'node:util';

const REPO_ROOT = resolve(__dirname, '../..');
const run = promisify(execFile);

describe('the siteshift program (bin/siteshift)', () => {
  it('runs as a program: --version and generated help, from the build or, without a current one, from source', async () => {
    const version = await run(process.execPath, [join(REPO_ROOT, 'bin', 'siteshift'), '--version'], { cwd: REPO_ROOT });
    expect(version.stdout).toBe(`${packageVersion}\n`);
    const help = await run(process.execPath, [join(REPO_ROOT, 'bin', 'siteshift'), 'help', 'status'], { cwd: REPO_ROOT });
    expect(help.stdout).toMatch(/^Usage: siteshift status \[options\] <machineId>/);
    // An error is reported by a module loaded on demand (import()), which must resolve on both paths.
    const extra = await run(process.execPath, [join(REPO_ROOT, 'bin', 'siteshift'), 'list', 'extra'], { cwd: REPO_ROOT }).catch(
      (error) => error,
    );
    expect(extra).toMatchObject({ code: 2, stderr: expect.stringContaining('list: unexpected argument "extra"') });
  });

  it('answers --help without loading the Temporal or Azure SDKs (they load only in commands that need them)', async () => {
    const script = `require('./cli/run-cli').runCli(['--help'], { ...require('./cli/run-cli').defaultIo(), stdout: { write() {} } }).then((code) => {
      const heavy = Object.keys(require.cache).filter((file) => /node_modules\\/(@temporalio|@azure|@grpc)\\//.test(file));
      process.stdout.write(JSON.stringify({ code, heavy }));
    });`;
    const { stdout } = await run(process.execPath, ['--require', 'tsx/cjs', '-e', script], { cwd: REPO_ROOT });
    expect(JSON.parse(stdout)).toEqual({ code: 0, heavy: [] });
  });
});
