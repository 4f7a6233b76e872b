import { boundedText } from './bounded-text';

/** A decision as it arrived: what the decision rules judge. */
export interface ArrivedDecision<Via extends string> {
  name: string;
  raw: unknown;
  via: Via;
}

export type Judge<Via extends string, Outcome> = (decision: ArrivedDecision<Via>) => Outcome;

/**
 * The most decisions held at once. The wait lasts the first workflow task (under a second) or, while no worker
 * polls, until one does; operators send a handful in that moment: a hundred is a flood, not people.
 */
export const HELD_DECISIONS_MAX = 100;

/**
 * patched() id: past HELD_DECISIONS_MAX a decision is refused at once (before, every one was held). Asked only at
 * that moment, so a workflow that never gets there records no marker; each workflow type asks for it itself.
 */
export const HELD_DECISIONS_LIMIT_PATCH = 'held-decisions-limit';

/** Why a decision past HELD_DECISIONS_MAX was refused, for a migration or a wave. */
export function heldDecisionsLimitReason(workflow: 'migration' | 'wave'): string {
  return `more than ${HELD_DECISIONS_MAX} decisions arrived before this ${workflow} knew its decision policy; send it again in a moment`;
}

/** Why a decision the rules could not judge was refused (past the limit, or the workflow ended first). */
export function notJudgedReason(name: string, why: string): string {
  return `${boundedText(name, 60)} was not judged: ${why}`;
}

/** What happens past HELD_DECISIONS_MAX. */
export interface HeldDecisionsLimit<Via extends string, Outcome> {
  /** Whether the limit applies (the patch): asked only when a decision would pass it. */
  applies: () => boolean;
  /** The refusal of a decision past it, recorded as the workflow records every refused decision. */
  refuse: Judge<Via, Outcome>;
}

/**
 * The gate every decision (signal or update) passes. While the workflow does not know its decision policy yet
 * (four-eyes, which key verifies signed decisions) no decision can be judged, since the policy may require a
 * proof: each is held, in arrival order, until `release` judges them all by the full rules; past
 * HELD_DECISIONS_MAX held, one is refused at once instead. Otherwise, and once released, a decision is judged at
 * once. Workflows recorded before holding existed pass `holding: false`.
 */
export class HeldDecisions<Via extends string, Outcome> {
  private held?: { decision: ArrivedDecision<Via>; settle: (outcome: Outcome) => void }[];

  constructor(
    private readonly judge: Judge<Via, Outcome>,
    holding: boolean,
    private readonly limit: HeldDecisionsLimit<Via, Outcome>,
  ) {
    if (holding) this.held = [];
  }

  get holding(): boolean {
    return this.held !== undefined;
  }

  /** The decision's outcome: at once, or (while holding) once it is released. */
  arrive(decision: ArrivedDecision<Via>): Outcome | Promise<Outcome> {
    const held = this.held;
    if (!held) return this.judge(decision);
    // Histories recorded before the limit held every decision, and replay so.
    if (held.length >= HELD_DECISIONS_MAX && this.limit.applies()) return this.limit.refuse(decision);
    return new Promise((settle) => held.push({ decision, settle }));
  }

  /**
   * Judges every held decision in arrival order, by `judge` (the full rules, now that the policy is known; or a
   * refusal, when the workflow ends without knowing it), and holds no more.
   */
  release(judge: Judge<Via, Outcome> = this.judge): void {
    const held = this.held ?? [];
    this.held = undefined;
    for (const { decision, settle } of held) settle(judge(decision));
  }
}
