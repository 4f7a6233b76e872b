/**
 * Two projects. `unit`: no Temporal, no emulator, no child process: `npm run test:unit` runs only these, in
 * seconds. `integration`: everything else, against one shared Temporal dev server that its global setup starts
 * (only when a test of that project runs). `npm test` runs both.
 */
const UNIT_TESTS = [
  'test/common/multi-vm-group.test.ts',
  'test/cli/arguments.test.ts',
  'test/waves/wave-decision-rules.property.test.ts',
  'test/workflows/held-decisions.property.test.ts',
  'test/cli/arguments.property.test.ts',
  'test/cli/format.test.ts',
  'test/cli/plan-resolve.test.ts',
  'test/cli/refused-start-format.test.ts',
  'test/cli/terminal-text.test.ts',
  'test/client/list-query.test.ts',
  'test/client/validation.test.ts',
  'test/api/status-events.test.ts',
  'test/common/decision-table.test.ts',
  'test/common/lazy-schema.test.ts',
  'test/workflows/workflow-index.test.ts',
  'test/console/rules.test.ts',
  'test/console/wave-rules.test.ts',
  'test/workflows/decision-rules.property.test.ts',
  'test/workflows/protection-decision-rules.property.test.ts',
  'test/common/migration-request.test.ts',
  'test/common/plain-text.test.ts',
  'test/common/request-schema-by-scenario.test.ts',
  'test/common/protection-request.test.ts',
  'test/common/request-properties.test.ts',
  'test/common/wave-request.test.ts',
  'test/config/*.test.ts',
  'test/demo/final-table.test.ts',
  'test/demo/progress-view.test.ts',
  'test/emulator/layout.test.ts',
  'test/emulator/settle-index.property.test.ts',
  'test/emulator/request-log.test.ts',
  'test/emulator/settle-cost.test.ts',
  'test/lint/*.test.ts',
  'test/local-stack/temporal-cli.test.ts',
  'test/notifications/*.test.ts',
  'test/site-recovery/config.test.ts',
  'test/site-recovery/error-mapping.test.ts',
  'test/site-recovery/jobs-and-tokens.test.ts',
  'test/site-recovery/protection-snapshot.test.ts',
  'test/site-recovery/provider-inputs.test.ts',
  'test/site-recovery/replication-snapshot.test.ts',
  'test/workflows/preload-bundle.test.ts',
  'test/bench/approval-waits.test.ts',
  'test/workflows/zod-jitless.test.ts',
  'test/workflows/thread-shared.property.test.ts',
].map((glob) => `${__dirname}/${glob}`);

const shared = {
  testEnvironment: 'node',
  // test/tsconfig.json sets isolatedModules, so ts-jest transpiles file by file (fast); `npm test` typechecks first.
  transform: { '^.+\\.ts$': ['ts-jest', { tsconfig: '<rootDir>/test/tsconfig.json' }] },
  modulePathIgnorePatterns: ['<rootDir>/dist/', '<rootDir>/.data/'],
};

/** @type {import('jest').Config} */
module.exports = {
  // Two cores: two test files at a time, beside the dev server.
  maxWorkers: 2,
  testTimeout: 60_000,
  projects: [
    { ...shared, displayName: 'unit', testMatch: UNIT_TESTS },
    {
      ...shared,
      displayName: 'integration',
      // Jest expands <rootDir> only at the start of a glob, so UNIT_TESTS are absolute (a negated glob starts with !).
      testMatch: ['<rootDir>/test/**/*.test.ts', ...UNIT_TESTS.map((glob) => `!${glob}`)],
      // One Temporal dev server and one bundle per workflow source for the whole run.
      globalSetup: '<rootDir>/test/setup/global-setup.ts',
      globalTeardown: '<rootDir>/test/setup/global-teardown.ts',
    },
  ],
};
