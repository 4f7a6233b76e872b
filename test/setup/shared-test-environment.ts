import { join, resolve } from 'node:path';

/**
 * How global setup hands the shared Temporal dev server and workflow bundles to test files: environment
 * variables, because test files run in other processes (Jest workers) and fresh module registries.
 */
export const TEST_TEMPORAL_ADDRESS_VAR = 'SITESHIFT_TEST_TEMPORAL_ADDRESS';
export const TEST_NAMESPACE_VAR = 'SITESHIFT_TEST_NAMESPACE';
export const TEST_BUNDLE_DIR_VAR = 'SITESHIFT_TEST_BUNDLE_DIR';

const REPO_ROOT = resolve(__dirname, '..', '..');

/** Workflow code bundled once per Jest run, by name. */
export const WORKFLOW_SOURCES = {
  /** The product's workflows (migrateMachine). */
  migration: join(REPO_ROOT, 'workflows', 'index.ts'),
  /** Tiny workflows that prove the test infrastructure itself. */
  fixtures: join(REPO_ROOT, 'test', 'support', 'fixtures', 'workflows.ts'),
} as const;

export type WorkflowBundleName = keyof typeof WORKFLOW_SOURCES;

export function bundlePath(bundleDir: string, name: WorkflowBundleName): string {
  return join(bundleDir, `${name}.js`);
}
