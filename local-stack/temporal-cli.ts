import { spawn } from 'node:child_process';
import { accessSync, constants, mkdirSync, mkdtempSync, renameSync, rmSync, statSync } from 'node:fs';
import { homedir } from 'node:os';
import { delimiter, isAbsolute, join } from 'node:path';

/** Later tags carry a `replace` directive in go.mod that makes `go install` refuse them. */
export const TEMPORAL_CLI_VERSION = 'v1.5.1';
const TEMPORAL_CLI_MODULE = `github.com/temporalio/cli/cmd/temporal@${TEMPORAL_CLI_VERSION}`;

export interface ResolveTemporalCliOptions {
  env?: NodeJS.ProcessEnv;
  /** Progress messages (the first build takes minutes); stderr by default so stdout stays the path. */
  log?: (message: string) => void;
}

/**
 * Path of a `temporal` CLI binary, in this order: TEMPORAL_CLI_PATH, `temporal` on PATH, the cached build,
 * or a fresh `go install` of the pinned version into the cache (shared by every clone on this machine).
 */
export async function resolveTemporalCli(options: ResolveTemporalCliOptions = {}): Promise<string> {
  const env = options.env ?? process.env;
  const log = options.log ?? ((message: string) => process.stderr.write(`[temporal-cli] ${message}\n`));

  const explicit = env.TEMPORAL_CLI_PATH?.trim();
  if (explicit) {
    assertExecutable(explicit, 'TEMPORAL_CLI_PATH');
    return explicit;
  }

  const onPath = findOnPath('temporal', env);
  if (onPath) return onPath;

  const cached = cachedTemporalCliPath(env);
  if (isExecutableFile(cached)) return cached;

  await buildTemporalCli(cached, env, log);
  return cached;
}

export function cachedTemporalCliPath(env: NodeJS.ProcessEnv = process.env): string {
  const xdgCache = env.XDG_CACHE_HOME?.trim();
  // The XDG spec says relative values are invalid and must be ignored.
  const cacheRoot = xdgCache && isAbsolute(xdgCache) ? xdgCache : join(env.HOME?.trim() || homedir(), '.cache');
  return join(cacheRoot, 'siteshift', 'temporal-cli', TEMPORAL_CLI_VERSION, 'temporal');
}

async function buildTemporalCli(target: string, env: NodeJS.ProcessEnv, log: (message: string) => void): Promise<void> {
  const go = findOnPath('go', env);
  if (!go) {
    throw new Error(
      `No Temporal CLI found and Go is not installed, so it cannot be built.\n` +
        `  Fix one of: set TEMPORAL_CLI_PATH to a temporal binary, put \`temporal\` on PATH, ` +
        `or install Go >= 1.25 (https://go.dev/dl/) and rerun to build ${TEMPORAL_CLI_VERSION} into ${target}.`,
    );
  }

  const targetDir = join(target, '..');
  mkdirSync(targetDir, { recursive: true });
  // Build next to the target and rename: a killed build never leaves a half-written binary at the cached path.
  const buildDir = mkdtempSync(join(targetDir, '.build-'));
  try {
    log(`Building Temporal CLI ${TEMPORAL_CLI_VERSION} with ${go} (one time only; takes about 3 minutes)...`);
    log(`  GOBIN=${buildDir} go install ${TEMPORAL_CLI_MODULE}`);
    const started = Date.now();
    await run(go, ['install', TEMPORAL_CLI_MODULE], { ...env, GOBIN: buildDir });
    const built = join(buildDir, 'temporal');
    assertExecutable(built, '`go install` output');
    renameSync(built, target);
    log(`Built ${target} in ${Math.round((Date.now() - started) / 1000)}s.`);
  } finally {
    rmSync(buildDir, { recursive: true, force: true });
  }
}

function run(command: string, args: string[], env: NodeJS.ProcessEnv): Promise<void> {
  return new Promise((resolve, reject) => {
    const child = spawn(command, args, { env, stdio: ['ignore', 'inherit', 'inherit'] });
    child.on('error', reject);
    child.on('exit', (code, signal) => {
      if (code === 0) resolve();
      else
        reject(
          new Error(
            `\`${command} ${args.join(' ')}\` failed (${signal ? `signal ${signal}` : `exit code ${code}`}); ` +
              `see its output above. Alternatively set TEMPORAL_CLI_PATH to an existing temporal binary.`,
          ),
        );
    });
  });
}

function findOnPath(name: string, env: NodeJS.ProcessEnv): string | undefined {
  for (const dir of (env.PATH ?? '').split(delimiter)) {
    if (!dir) continue;
    const candidate = join(dir, name);
    if (isExecutableFile(candidate)) return candidate;
  }
  return undefined;
}

function isExecutableFile(path: string): boolean {
  try {
    accessSync(path, constants.X_OK);
    return statSync(path).isFile();
  } catch {
    return false;
  }
}

function assertExecutable(path: string, source: string): void {
  let isFile: boolean;
  try {
    isFile = statSync(path).isFile();
  } catch {
    throw new Error(`${source} points at ${path}, which does not exist.`);
  }
  if (!isFile) throw new Error(`${source} points at ${path}, which is not a file.`);
  try {
    accessSync(path, constants.X_OK);
  } catch {
    throw new Error(`${source} points at ${path}, which is not executable (try: chmod +x ${path}).`);
  }
}
