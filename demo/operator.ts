import type { MigrationClient } from '../client';
import type { WaveStage } from '../common/wave-stages';
import type { WaveStatus } from '../common/wave-status';
import { runEchoedCli } from './echoed-cli';

/** Who does what in the demo: three people, as the four-eyes rule wants (starter, test approver, cutover approver). */
export const DEMO_PEOPLE = { starter: 'demo-starter', tester: 'demo-tester', approver: 'demo-approver' } as const;

/**
 * What the operators run when the wave waits for them, as the `siteshift wave` command a person would type.
 * Under the four-eyes rule whoever approved the test does not approve the cutover.
 */
const DECISIONS: Partial<Record<WaveStage, { command: string; by: string; comment: string }>> = {
  AwaitingWaveTestApproval: {
    command: 'approve-test',
    by: DEMO_PEOPLE.tester,
    comment: 'whole application booted in the isolated network; smoke tests passed',
  },
  AwaitingWaveCutoverApproval: {
    command: 'approve-cutover',
    by: DEMO_PEOPLE.approver,
    comment: 'cutover window open; application owner signed off',
  },
};

/**
 * Plays the operators: when the wave waits for a decision it runs the CLI command for it (in process, on the
 * demo's client; `siteshift wave approve-test` sends WaveClient.approveWaveTest, `approve-cutover`
 * approveWaveCutover), once per waiting point, and echoes the command and its answer.
 */
export class DemoOperator {
  private readonly sent = new Set<string>();

  constructor(
    private readonly migrations: MigrationClient,
    private readonly log: (line: string) => void,
  ) {}

  async act(wave: WaveStatus): Promise<void> {
    const decision = DECISIONS[wave.stage];
    const key = `${wave.stage}:${wave.since}`;
    if (!decision || this.sent.has(key)) return;
    this.sent.add(key);

    const argv = ['wave', decision.command, wave.name, '--by', decision.by, '--comment', decision.comment];
    const { exitCode, output } = await runEchoedCli(argv, { connect: async () => this.migrations, log: this.log });
    if (exitCode !== 0) {
      throw new Error(`the operator's \`siteshift wave ${decision.command} ${wave.name}\` failed (exit ${exitCode}): ${output}`);
    }
  }
}
