import { setTimeout as delay } from 'node:timers/promises';
import type { MigrationClient } from '../client';
import type { MigrationStatus } from '../common/migration-status';
import type { Stage } from '../common/stages';
import { runCli } from '../cli/run-cli';

/**
 * What the operators run when a machine waits for them, as the `siteshift` CLI command a person would type.
 * Two people: under the four-eyes rule whoever approved the test does not approve the cutover.
 */
const DECISIONS: Partial<Record<Stage, { command: string; by: string; comment: string }>> = {
  AwaitingTestApproval: {
    command: 'approve-test',
    by: 'demo-tester',
    comment: 'test VM booted in the isolated network; smoke tests passed',
  },
  AwaitingFailoverApproval: {
    command: 'approve-failover',
    by: 'demo-approver',
    comment: 'cutover window open; application owner signed off',
  },
};

/**
 * Plays the operator: when a machine waits for an approval it runs the CLI command for it (the CLI's own
 * runCli, on the demo's client), once per machine and stage, and echoes the command and its answer.
 */
export class DemoOperator {
  private readonly sent = new Set<string>();

  constructor(
    private readonly migrations: MigrationClient,
    private readonly log: (line: string) => void,
  ) {}

  async act(status: MigrationStatus): Promise<void> {
    const decision = DECISIONS[status.stage];
    const key = `${status.machineId}:${status.stage}:${status.testFailoverCount}`;
    if (!decision || this.sent.has(key)) return;
    this.sent.add(key);

    const argv = [decision.command, status.machineId, '--by', decision.by, '--comment', decision.comment];
    let output = '';
    const sink = { write: (text: string) => (output += text) };
    const exitCode = await runCli(argv, {
      stdout: sink,
      stderr: sink,
      stdin: process.stdin,
      connect: async () => this.migrations,
      sleep: (ms) => delay(ms),
    });
    this.log(`$ siteshift ${argv.map(shellQuote).join(' ')}\n  ${output.trim().split('\n').join('\n  ')}`);
    if (exitCode !== 0) {
      throw new Error(`the operator's \`siteshift ${decision.command} ${status.machineId}\` failed (exit ${exitCode}): ${output.trim()}`);
    }
  }
}

function shellQuote(arg: string): string {
  return /^[\w@%+=:,./-]+$/.test(arg) ? arg : `'${arg.replace(/'/g, `'\\''`)}'`;
}
