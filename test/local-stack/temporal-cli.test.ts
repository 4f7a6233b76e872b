import { chmodSync, existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { cachedTemporalCliPath, resolveTemporalCli } from '../../local-stack/temporal-cli';

describe('resolveTemporalCli', () => {
  let scratch: string;
  let emptyBin: string;
  const silent = () => undefined;

  beforeEach(() => {
    scratch = mkdtempSync(join(tmpdir(), 'siteshift-cli-test-'));
    emptyBin = join(scratch, 'empty-bin');
    mkdirSync(emptyBin);
  });
  afterEach(() => rmSync(scratch, { recursive: true, force: true }));

  function executable(path: string, script = '#!/bin/sh\nexit 0\n'): string {
    mkdirSync(dirname(path), { recursive: true });
    writeFileSync(path, script);
    chmodSync(path, 0o755);
    return path;
  }

  it('uses TEMPORAL_CLI_PATH first', async () => {
    const explicit = executable(join(scratch, 'custom', 'temporal'));
    executable(join(scratch, 'bin', 'temporal'));
    const env = { TEMPORAL_CLI_PATH: explicit, PATH: join(scratch, 'bin'), XDG_CACHE_HOME: scratch };
    await expect(resolveTemporalCli({ env, log: silent })).resolves.toBe(explicit);
  });

  it('says what is wrong with a TEMPORAL_CLI_PATH that does not exist or cannot run', async () => {
    const missing = join(scratch, 'nope');
    await expect(resolveTemporalCli({ env: { TEMPORAL_CLI_PATH: missing }, log: silent })).rejects.toThrow(
      `TEMPORAL_CLI_PATH points at ${missing}, which does not exist.`,
    );
    const notExecutable = join(scratch, 'temporal.txt');
    writeFileSync(notExecutable, 'not a program');
    await expect(resolveTemporalCli({ env: { TEMPORAL_CLI_PATH: notExecutable }, log: silent })).rejects.toThrow('which is not executable');
    await expect(resolveTemporalCli({ env: { TEMPORAL_CLI_PATH: scratch }, log: silent })).rejects.toThrow('which is not a file');
  });

  it('takes the first executable `temporal` on PATH, skipping non-executable ones', async () => {
    writeFileSync(join(emptyBin, 'temporal'), 'not executable');
    const onPath = executable(join(scratch, 'bin', 'temporal'));
    const env = { PATH: [emptyBin, join(scratch, 'bin')].join(':'), XDG_CACHE_HOME: scratch };
    await expect(resolveTemporalCli({ env, log: silent })).resolves.toBe(onPath);
  });

  it('reuses the cached build under XDG_CACHE_HOME, else under HOME/.cache', async () => {
    expect(cachedTemporalCliPath({ XDG_CACHE_HOME: '/x/cache', HOME: '/home/u' })).toBe('/x/cache/siteshift/temporal-cli/v1.5.1/temporal');
    expect(cachedTemporalCliPath({ XDG_CACHE_HOME: 'relative', HOME: '/home/u' })).toBe(
      '/home/u/.cache/siteshift/temporal-cli/v1.5.1/temporal',
    );
    const env = { PATH: emptyBin, XDG_CACHE_HOME: scratch };
    const cached = executable(cachedTemporalCliPath(env));
    await expect(resolveTemporalCli({ env, log: silent })).resolves.toBe(cached);
  });

  it('fails with a clear message when there is neither a binary nor Go', async () => {
    const env = { PATH: emptyBin, XDG_CACHE_HOME: scratch };
    await expect(resolveTemporalCli({ env, log: silent })).rejects.toThrow(/Go is not installed[\s\S]*TEMPORAL_CLI_PATH/);
  });

  it('builds with `go install` of the pinned version into the cache, announcing it', async () => {
    const goBin = join(scratch, 'go-bin');
    // A stand-in `go` that records its arguments and installs a "binary" into $GOBIN, like the real one.
    executable(
      join(goBin, 'go'),
      `#!/bin/sh\necho "$@" > "${scratch}/go-args"\nprintf '#!/bin/sh\\necho built\\n' > "$GOBIN/temporal"\n/bin/chmod +x "$GOBIN/temporal"\n`,
    );
    const env = { PATH: goBin, XDG_CACHE_HOME: scratch };
    const messages: string[] = [];

    const path = await resolveTemporalCli({ env, log: (message) => messages.push(message) });

    expect(path).toBe(cachedTemporalCliPath(env));
    expect(readFileSync(path, 'utf8')).toContain('echo built');
    expect(readFileSync(join(scratch, 'go-args'), 'utf8').trim()).toBe('install github.com/temporalio/cli/cmd/temporal@v1.5.1');
    expect(messages.join('\n')).toMatch(/Building Temporal CLI v1\.5\.1/);
    expect(readdirSync(dirname(path))).toEqual(['temporal']);
  });

  it('leaves no half-built binary when the build fails', async () => {
    const goBin = join(scratch, 'go-bin');
    executable(join(goBin, 'go'), '#!/bin/sh\necho partial > "$GOBIN/temporal"\nexit 1\n');
    const env = { PATH: goBin, XDG_CACHE_HOME: scratch };

    await expect(resolveTemporalCli({ env, log: silent })).rejects.toThrow(/failed \(exit code 1\)/);
    expect(existsSync(cachedTemporalCliPath(env))).toBe(false);
    expect(readdirSync(dirname(cachedTemporalCliPath(env)))).toEqual([]);
  });
});
