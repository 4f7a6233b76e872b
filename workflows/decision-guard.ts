import { workflowInfo } from '@temporalio/workflow';
import type { DecisionPolicy } from '../common/decision-policy';
import { WORKFLOW_ID_PREFIXES } from '../common/ids';
import { PROOF_WINDOW } from '../common/decision-proof';
import type { DecisionContext, ProvenNonce } from './decision-rules';

/**
 * What a migration learned of its decision policy at its start, and the nonces of the proofs it has seen:
 * the part of the decision rules' context that signed decisions and four-eyes need.
 */
export class DecisionGuard {
  private policy?: DecisionPolicy;
  /** Nonce -> issued-at of every verified proof still inside the window (older ones are refused by it anyway). */
  private readonly spent = new Map<string, number>();

  get learned(): DecisionPolicy | undefined {
    return this.policy;
  }

  learn(policy: DecisionPolicy): void {
    this.policy = policy;
  }

  context(): Pick<DecisionContext, 'policy' | 'proofs'> {
    if (!this.policy) return {};
    const { parent } = workflowInfo();
    return {
      policy: this.policy,
      proofs: {
        workflowId: workflowInfo().workflowId,
        nowMs: Date.now(),
        nonceUsed: (nonce) => this.spent.has(nonce),
        ...(parent?.workflowId.startsWith(WORKFLOW_ID_PREFIXES.migrateWave) ? { parentWaveId: parent.workflowId } : {}),
      },
    };
  }

  /** The nonces spent still inside the window, for a run that continues as new (`restore`). */
  spentNonces(): Record<string, number> {
    return Object.fromEntries(this.spent);
  }

  restore(spent: Record<string, number>): void {
    for (const [nonce, issuedAtMs] of Object.entries(spent)) this.spent.set(nonce, issuedAtMs);
  }

  /** A verified proof's nonce is spent, whether its decision was accepted or not: it never serves twice. */
  spend(proven: ProvenNonce): void {
    const oldest = Date.now() - PROOF_WINDOW.maxAgeMs;
    for (const [nonce, issuedAtMs] of this.spent) if (issuedAtMs < oldest) this.spent.delete(nonce);
    this.spent.set(proven.nonce, proven.issuedAtMs);
  }
}
