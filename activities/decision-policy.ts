import type { DecisionPolicy } from '../common/decision-policy';

/**
 * The decision policy of this worker's configuration (four-eyes, the signed decisions' public key), answered to
 * each migration as its first activity: a migration started by any path learns it, and keeps what it learned.
 */
export function decisionPolicyActivity(policy: DecisionPolicy) {
  return async function decisionPolicy(): Promise<DecisionPolicy> {
    return policy;
  };
}
