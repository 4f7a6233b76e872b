import { resolve } from 'node:path';
import { ESLint, type Linter } from 'eslint';

const REPO_ROOT = resolve(__dirname, '..', '..');

// Loaded here rather than found by ESLint, which would import() it: Jest's module system cannot.
// eslint-disable-next-line @typescript-eslint/no-require-imports -- a CommonJS config file, read as it is
const projectConfig: Linter.Config[] = require(resolve(REPO_ROOT, 'eslint.config.js'));

/**
 * The project's ESLint config, on text linted as if it were a file at `path`. The fences need no type
 * information, so the type-aware parsing (which needs the file on disk) is switched off.
 */
async function lintAs(path: string, text: string): Promise<string[]> {
  const eslint = new ESLint({
    cwd: REPO_ROOT,
    overrideConfigFile: true,
    baseConfig: projectConfig,
    overrideConfig: {
      files: ['**/*.ts'],
      languageOptions: { parserOptions: { projectService: false } },
      rules: { '@typescript-eslint/no-floating-promises': 'off' },
    },
  });
  const [result] = await eslint.lintText(text, { filePath: resolve(REPO_ROOT, path) });
  return result.messages.map((message) => `${message.line}:${message.ruleId}`);
}

describe('lint fences', () => {
  it('keeps the web console to browser code: common/, preact and eventsource-parser only', async () => {
    const text = [
      "import { render } from 'preact';",
      "import { createParser } from 'eventsource-parser';",
      "import { STAGES } from '../../common/stages';",
      "import { readFileSync } from 'node:fs';",
      "import { MigrationClient } from '../../client';",
      "import { mayActAs } from '../../api/identity/roles';",
      'export const used = [render, createParser, STAGES, readFileSync, MigrationClient, mayActAs];',
    ].join('\n');
    expect(await lintAs('console/app/fence-probe.ts', text)).toEqual([
      '4:@typescript-eslint/no-restricted-imports',
      '5:@typescript-eslint/no-restricted-imports',
      '6:@typescript-eslint/no-restricted-imports',
    ]);
  });

  it('refuses node:* and process.env in workflow code', async () => {
    const text = [
      "import { readFileSync } from 'node:fs';",
      'export const file = readFileSync;',
      'export const setting = process.env.SITESHIFT_X;',
    ].join('\n');
    expect(await lintAs('workflows/fence-probe.ts', text)).toEqual([
      '1:@typescript-eslint/no-restricted-imports',
      '3:no-restricted-globals',
    ]);
  });

  it('refuses packages, globalThis.process and non-type imports of activities in common/ and workflows/', async () => {
    const text = [
      "import { z } from 'zod';",
      "import { proxyActivities } from '@temporalio/workflow';",
      "import type { MigrationActivities } from '../activities';",
      "import { workflowIdFor } from '../common/ids';",
      "import { createActivities } from '../activities';",
      "import { Client } from '@temporalio/client';",
      "import { loadConfig } from '../config/settings';",
      'export type Activities = MigrationActivities;',
      'export const used = [z, proxyActivities, workflowIdFor, createActivities, Client, loadConfig, globalThis.process];',
    ].join('\n');
    const expected = [
      '5:@typescript-eslint/no-restricted-imports',
      '6:@typescript-eslint/no-restricted-imports',
      '7:@typescript-eslint/no-restricted-imports',
      '9:no-restricted-properties',
    ];
    expect(await lintAs('workflows/fence-probe.ts', text)).toEqual(expected);
    expect(await lintAs('common/fence-probe.ts', text.replace("'../common/ids'", "'./ids'"))).toEqual(expected);
  });

  it('keeps client/ away from workers/, local-stack/ and bin/', async () => {
    const text = [
      "import { createWorker } from '../workers/worker';",
      "import { startDevServer } from '../local-stack/dev-server';",
      "import { main } from '../bin/start';",
      "import { readSettings } from '../config/settings';",
      'export const used = [createWorker, startDevServer, main, readSettings];',
    ].join('\n');
    expect(await lintAs('client/fence-probe.ts', text)).toEqual(
      [1, 2, 3].map((line) => `${line}:@typescript-eslint/no-restricted-imports`),
    );
  });

  it('keeps the library below the hosting code and the programs', async () => {
    const text = [
      "import { createMigrationWorker } from '../workers/worker';",
      "import { MigrationClient } from '../client';",
      "import { startLocalStack } from '../local-stack/stack';",
      "import { runCli } from '../cli/run-cli';",
      "import { failureOf } from '../site-recovery/errors';",
      'export const used = [createMigrationWorker, MigrationClient, startLocalStack, runCli, failureOf];',
    ].join('\n');
    expect(await lintAs('activities/fence-probe.ts', text)).toEqual(
      [1, 2, 3, 4].map((line) => `${line}:@typescript-eslint/no-restricted-imports`),
    );
  });

  it('keeps the emulator standalone at every depth', async () => {
    const text = [
      "import { state } from '../model/state';",
      "import { workflowIdFor } from '../../common/ids';",
      'export const used = [state, workflowIdFor];',
    ].join('\n');
    expect(await lintAs('emulator/http/fence-probe.ts', text)).toEqual(['2:@typescript-eslint/no-restricted-imports']);
  });

  it('refuses imports of bin/ from every lower layer', async () => {
    const text = "import { main } from '../../bin/start';\nexport const used = main;";
    expect(await lintAs('site-recovery/azure/fence-probe.ts', text)).toEqual(['1:@typescript-eslint/no-restricted-imports']);
  });
});
