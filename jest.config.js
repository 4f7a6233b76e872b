/** @type {import('jest').Config} */
module.exports = {
  testEnvironment: 'node',
  // tsconfig.json sets isolatedModules, so ts-jest transpiles file by file (fast); `npm test` typechecks first.
  transform: { '^.+\\.ts$': ['ts-jest', { tsconfig: '<rootDir>/tsconfig.json' }] },
  testMatch: ['<rootDir>/test/**/*.test.ts'],
  modulePathIgnorePatterns: ['<rootDir>/dist/', '<rootDir>/.data/'],
  // One Temporal dev server and one bundle per workflow source for the whole run.
  globalSetup: '<rootDir>/test/setup/global-setup.ts',
  globalTeardown: '<rootDir>/test/setup/global-teardown.ts',
  // Two cores: two test files at a time, beside the dev server.
  maxWorkers: 2,
  testTimeout: 60_000,
};
