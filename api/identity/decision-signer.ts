import { randomBytes, sign, type KeyObject } from 'node:crypto';
import { decisionProofMessage, type DecisionProof, type ProvenFields } from '../../common/decision-proof';

/** Signs what the API vouches for: this identity, with these roles, takes this decision on this migration, now. */
export type DecisionSigner = (fields: Omit<ProvenFields, 'issuedAt' | 'nonce'>) => DecisionProof;

/**
 * The API's decision signer (SITESHIFT_DECISION_SIGNING_KEY_FILE): an Ed25519 signature with a fresh random
 * nonce, which migrations under signed decisions verify against the public key they learned at their start.
 */
export function decisionSigner(key: KeyObject): DecisionSigner {
  return (fields) => {
    const issuedAt = new Date().toISOString();
    const nonce = randomBytes(16).toString('hex');
    const signature = sign(null, decisionProofMessage({ ...fields, issuedAt, nonce }), key).toString('hex');
    return { roles: [...fields.roles], issuedAt, nonce, signature };
  };
}
