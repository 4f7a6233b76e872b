import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { TestWorkflowEnvironment } from '@temporalio/testing';
import { bundleWorkflowCode } from '@temporalio/worker';
import { CUSTOM_SEARCH_ATTRIBUTES } from '../../common/search-attributes';
import { resolveTemporalCli } from '../../local-stack/temporal-cli';
import { testServerLogLevel } from '../support/test-logs';
import { MIGRATION_PRELOAD_MODULES } from '../../workers/workflow-bundle';
import {
  bundlePath,
  TEST_BUNDLE_DIR_VAR,
  TEST_NAMESPACE_VAR,
  TEST_TEMPORAL_ADDRESS_VAR,
  WORKFLOW_SOURCES,
  type WorkflowBundleName,
} from './shared-test-environment';

/** Read back by global-teardown, which runs in this same process. */
export interface SharedTestResources {
  env: TestWorkflowEnvironment;
  bundleDir: string;
}
declare global {
  var __siteshiftTestResources: SharedTestResources | undefined;
}

/**
 * One dev server and one bundle per workflow source for the whole run: test files run in separate Jest workers
 * and module registries, so a server or bundle made per file would be made dozens of times.
 */
export default async function globalSetup(): Promise<void> {
  const started = Date.now();
  const temporalCli = await resolveTemporalCli();
  const bundleDir = mkdtempSync(join(tmpdir(), 'siteshift-test-bundles-'));

  const [server, bundles] = await Promise.allSettled([
    TestWorkflowEnvironment.createLocal({
      server: {
        executable: { type: 'existing-path', path: temporalCli },
        searchAttributes: CUSTOM_SEARCH_ATTRIBUTES,
        log: { format: 'pretty', level: testServerLogLevel() },
      },
    }),
    bundleAll(bundleDir),
  ]);
  if (server.status === 'rejected' || bundles.status === 'rejected') {
    // Jest runs no teardown after a failed setup: stop what did start, or the server outlives the run.
    if (server.status === 'fulfilled') await server.value.teardown();
    rmSync(bundleDir, { recursive: true, force: true });
    throw server.status === 'rejected' ? server.reason : (bundles as PromiseRejectedResult).reason;
  }
  const env = server.value;
  globalThis.__siteshiftTestResources = { env, bundleDir };

  process.env[TEST_TEMPORAL_ADDRESS_VAR] = env.address;
  process.env[TEST_NAMESPACE_VAR] = env.namespace ?? 'default';
  process.env[TEST_BUNDLE_DIR_VAR] = bundleDir;
  process.stderr.write(`\n[test setup] Temporal dev server at ${env.address}, workflows bundled (${Date.now() - started} ms)\n`);
}

async function bundleAll(bundleDir: string): Promise<void> {
  for (const [name, workflowsPath] of Object.entries(WORKFLOW_SOURCES)) {
    let code: string;
    try {
      const preloadModules = name === 'migration' ? MIGRATION_PRELOAD_MODULES : [];
      ({ code } = await bundleWorkflowCode({ workflowsPath, preloadModules, logger: quietBundlerLogger }));
    } catch (error) {
      throw new Error(`Cannot bundle workflow code ${workflowsPath}: ${error instanceof Error ? error.message : error}`);
    }
    writeFileSync(bundlePath(bundleDir, name as WorkflowBundleName), code);
  }
}

const ignore = () => undefined;
const quietBundlerLogger = {
  log: ignore,
  trace: ignore,
  debug: ignore,
  info: ignore,
  warn: (message: string) => process.stderr.write(`[bundler] ${message}\n`),
  error: (message: string) => process.stderr.write(`[bundler] ${message}\n`),
};
