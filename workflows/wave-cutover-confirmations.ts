import { ActivityFailure, CancellationScope, proxyActivities } from '@temporalio/workflow';
import type { MigrationActivities } from '../activities';
import type { WaveCutoverConfirmation } from '../common/wave-cutover';
import { boundedText } from './bounded-text';

/** One describe and one query of the wave: a few quick tries, then the approval is refused (and can be sent again). */
const waveReads = proxyActivities<MigrationActivities>({
  startToCloseTimeout: '1 minute',
  retry: { initialInterval: '2 seconds', backoffCoefficient: 2, maximumInterval: '10 seconds', maximumAttempts: 5 },
});

/** An approveFailover signal held until its wave confirms it. */
export interface HeldApproval {
  raw: unknown;
  by: string;
}

/**
 * Under signed decisions, the approveFailover signals without a proof of their own that a migration started by a
 * wave holds until the wave confirms them (activity confirmWaveCutover): one confirmation at a time, one activity
 * each, never polling. One arriving meanwhile waits in a single slot (a later one supersedes it), so a flood of
 * forged signals neither grows the state nor runs activities side by side.
 */
export class WaveCutoverConfirmations {
  private running = false;
  private queued?: HeldApproval;

  constructor(
    private readonly waveWorkflowId: string,
    private readonly machineId: string,
    /** Acts on the wave's answer: accepts (after the decision rules again) or records the refusal. */
    private readonly conclude: (held: HeldApproval, confirmation: WaveCutoverConfirmation) => void,
  ) {}

  /** Holds the approval; the promise (for the signal handler) ends when the confirmations it started are done. */
  hold(held: HeldApproval): Promise<void> | undefined {
    if (!this.running) return this.run(held);
    if (this.queued) this.conclude(this.queued, { confirmed: false, reason: 'a later approveFailover superseded it before its turn' });
    this.queued = held;
    return undefined;
  }

  private async run(first: HeldApproval): Promise<void> {
    this.running = true;
    try {
      for (let next: HeldApproval | undefined = first; next; next = this.takeQueued()) {
        this.conclude(next, await this.confirm(next));
      }
    } finally {
      this.running = false;
    }
  }

  private takeQueued(): HeldApproval | undefined {
    const next = this.queued;
    this.queued = undefined;
    return next;
  }

  /** The wave's answer; an abort does not cut it short (the rules refuse the approval afterwards). */
  private async confirm(held: HeldApproval): Promise<WaveCutoverConfirmation> {
    try {
      return await CancellationScope.nonCancellable(() =>
        waveReads.confirmWaveCutover({ waveWorkflowId: this.waveWorkflowId, machineId: this.machineId, by: held.by }),
      );
    } catch (error) {
      const cause = error instanceof ActivityFailure && error.cause ? error.cause : error;
      const message = boundedText(cause instanceof Error ? cause.message : String(cause), 300);
      return { confirmed: false, reason: `${this.waveWorkflowId} could not be asked: ${message}` };
    }
  }
}
