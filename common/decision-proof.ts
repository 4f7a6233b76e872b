import { ed25519 } from '@noble/curves/ed25519';
import { z } from 'zod';
import { lazySchema } from './lazy-schema';
import { mayActAs, ROLES, type Role } from './roles';

/**
 * The proof a signed decision carries, issued by the siteshift API for the identity of its bearer token: an
 * Ed25519 signature over (workflow id, decision, identity, roles, issued-at, nonce). Verified in the workflow
 * (pure JS, deterministic), so a decision sent around the API (`temporal workflow update/signal`, an SDK) is
 * refused when the migration (wave, protection) requires signed decisions.
 */
export const DecisionProofSchema = lazySchema(() =>
  z.strictObject({
    roles: z.array(z.enum(ROLES)).min(1).max(ROLES.length),
    issuedAt: z.iso.datetime({ offset: true }).max(40),
    nonce: z.string().regex(/^[0-9a-f]{32,64}$/, 'must be 16-32 random bytes in hex'),
    signature: z.string().regex(/^[0-9a-f]{128}$/, 'must be an Ed25519 signature: 64 bytes in hex'),
  }),
);
export type DecisionProof = z.infer<typeof DecisionProofSchema>;

/** A proof is accepted from this long before workflow time to this long after it (clocks differ a little). */
export const PROOF_WINDOW = { maxAgeMs: 5 * 60_000, maxAheadMs: 60_000 } as const;

export interface ProvenFields {
  workflowId: string;
  decision: string;
  /** The identity the decision is made by (its `by`). */
  by: string;
  roles: readonly Role[];
  issuedAt: string;
  nonce: string;
}

/** The bytes signed: a JSON array, so no field can run into the next. */
export function decisionProofMessage(fields: ProvenFields): Uint8Array {
  const { workflowId, decision, by, roles, issuedAt, nonce } = fields;
  return new TextEncoder().encode(JSON.stringify(['siteshift-decision-v1', workflowId, decision, by, roles, issuedAt, nonce]));
}

/** The kind of workflow a decision is sent to, as refusals name it ("this wave accepts only ..."). */
export type DecisionSubject = 'migration' | 'wave' | 'protection';

/** Whether a proof holds: its signature first (only a verified proof spends its nonce), then its timing, nonce and roles. */
export type ProofVerdict = { verified: false; problem: string } | { verified: true; problem?: string };

/**
 * Checks a proof for this decision. `nowMs` is workflow time; `needed` the decision's role; `nonceUsed` whether
 * the workflow has seen this nonce already; `subject` the kind of workflow, as the problem names it.
 */
export function checkProof(
  publicKeyHex: string,
  proof: DecisionProof,
  fields: Omit<ProvenFields, 'roles' | 'issuedAt' | 'nonce'>,
  check: { nowMs: number; needed: Role; nonceUsed: (nonce: string) => boolean; subject: DecisionSubject },
): ProofVerdict {
  const message = decisionProofMessage({ ...fields, roles: proof.roles, issuedAt: proof.issuedAt, nonce: proof.nonce });
  let valid: boolean;
  try {
    valid = ed25519.verify(proof.signature, message, publicKeyHex, { zip215: false });
  } catch {
    valid = false;
  }
  if (!valid)
    return {
      verified: false,
      problem: `its signature does not verify against this ${check.subject}'s decision key (for ${fields.decision} by ${fields.by})`,
    };
  const age = check.nowMs - Date.parse(proof.issuedAt);
  if (age > PROOF_WINDOW.maxAgeMs || age < -PROOF_WINDOW.maxAheadMs) {
    return {
      verified: true,
      problem: `it was issued at ${proof.issuedAt}, outside the ${PROOF_WINDOW.maxAgeMs / 60_000} minutes a proof is valid`,
    };
  }
  if (check.nonceUsed(proof.nonce)) return { verified: true, problem: 'its nonce was already used: a proof is good for one decision only' };
  if (!mayActAs(proof.roles, check.needed))
    return { verified: true, problem: `its roles (${proof.roles.join(', ')}) do not include "${check.needed}"` };
  return { verified: true };
}
