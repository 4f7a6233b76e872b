import { z } from 'zod';
import { lazySchema } from './lazy-schema';

/**
 * The rules a migration applies to its decisions beyond the DECISIONS table, learned once at its start from
 * the worker's configuration (the first activity's answer), so a migration started by any path is covered.
 */
export const DecisionPolicySchema = lazySchema(() =>
  z.strictObject({
    /**
     * The cutover approver must differ from whoever started the migration and from whoever approved its test; a
     * protection's four-eyes decisions (PROTECTION_DECISIONS fourEyes) from whoever started the protection.
     */
    fourEyes: z.boolean(),
    /**
     * When set, decisions are accepted only with a proof signed by the siteshift API: the Ed25519 public key
     * (32 bytes, hex) it must verify against.
     */
    decisionPublicKey: z
      .string()
      .regex(/^[0-9a-f]{64}$/, 'must be an Ed25519 public key: 32 bytes in hex')
      .optional(),
  }),
);
export type DecisionPolicy = z.infer<typeof DecisionPolicySchema>;

/** Four-eyes on, decisions unsigned: what a worker applies unless configured otherwise. */
export const DEFAULT_DECISION_POLICY: DecisionPolicy = { fourEyes: true };

/**
 * Rules a refusal may name (in the DecisionRejected failure's details and the API's 403): the ones about who
 * decides, as opposed to when (stage, one decision per wait), which answer 409.
 */
export const DECISION_RULES = {
  /** Whoever started the migration (wave, protection) does not approve its cutover (DR failover, failback, conversion, stop). */
  fourEyesStarter: 'four-eyes-starter',
  /** Whoever approved the test failover does not approve the cutover. */
  fourEyesTestApprover: 'four-eyes-test-approver',
  /** The decision carries no valid proof from the siteshift API (signed decisions). */
  signedDecision: 'signed-decision',
} as const;
export type DecisionRule = (typeof DECISION_RULES)[keyof typeof DECISION_RULES];

export { sameIdentity } from './four-eyes';
