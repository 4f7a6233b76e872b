/** A decision as it arrived: what the decision rules judge. */
export interface ArrivedDecision<Via extends string> {
  name: string;
  raw: unknown;
  via: Via;
}

type Judge<Via extends string, Outcome> = (decision: ArrivedDecision<Via>) => Outcome;

/**
 * The gate every decision (signal or update) passes. While the workflow does not know its decision policy yet
 * (four-eyes, which key verifies signed decisions) no decision can be judged, since the policy may require a
 * proof: each is held, in arrival order, until `release` judges them all by the full rules. Otherwise, and once
 * released, a decision is judged at once. Workflows recorded before holding existed pass `holding: false`.
 */
export class HeldDecisions<Via extends string, Outcome> {
  private held?: { decision: ArrivedDecision<Via>; settle: (outcome: Outcome) => void }[];

  constructor(
    private readonly judge: Judge<Via, Outcome>,
    holding: boolean,
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
