import { generateKeyPairSync, sign } from 'node:crypto';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ed25519 } from '@noble/curves/ed25519';
import { decisionPolicyFromEnv, decisionSigningKeyFromEnv } from '../../config/decision-policy';

describe('decision policy settings (SITESHIFT_FOUR_EYES, SITESHIFT_DECISION_*_KEY_FILE)', () => {
  let dir: string;
  let privatePem: string;
  let publicPem: string;
  beforeAll(() => {
    dir = mkdtempSync(join(tmpdir(), 'siteshift-keys-'));
    const pair = generateKeyPairSync('ed25519');
    privatePem = pair.privateKey.export({ format: 'pem', type: 'pkcs8' }).toString();
    publicPem = pair.publicKey.export({ format: 'pem', type: 'spki' }).toString();
    writeFileSync(join(dir, 'signing.pem'), privatePem);
    writeFileSync(join(dir, 'public.pem'), publicPem);
    writeFileSync(
      join(dir, 'rsa.pem'),
      generateKeyPairSync('rsa', { modulusLength: 1024 }).publicKey.export({ format: 'pem', type: 'spki' }),
    );
  });
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('four-eyes on and decisions unsigned by default; four-eyes off on request', () => {
    expect(decisionPolicyFromEnv({})).toEqual({ fourEyes: true });
    expect(decisionPolicyFromEnv({ SITESHIFT_FOUR_EYES: 'off' })).toEqual({ fourEyes: false });
    expect(() => decisionPolicyFromEnv({ SITESHIFT_FOUR_EYES: 'no' })).toThrow(`SITESHIFT_FOUR_EYES must be "on" or "off", got 'no'.`);
  });

  it("reads the public key (PEM) as the workflow verifies it: what node's Ed25519 signs, @noble/curves verifies", () => {
    const policy = decisionPolicyFromEnv({ SITESHIFT_DECISION_PUBLIC_KEY_FILE: join(dir, 'public.pem') });
    expect(policy.decisionPublicKey).toMatch(/^[0-9a-f]{64}$/);
    const signingKey = decisionSigningKeyFromEnv({ SITESHIFT_DECISION_SIGNING_KEY_FILE: join(dir, 'signing.pem') })!;
    const message = new TextEncoder().encode('approveFailover');
    const signature = sign(null, message, signingKey);
    expect(ed25519.verify(signature, message, policy.decisionPublicKey!, { zip215: false })).toBe(true);
    // npm start: the worker takes the public half of the API's signing key.
    expect(decisionPolicyFromEnv({}, signingKey)).toEqual({ fourEyes: true, decisionPublicKey: policy.decisionPublicKey });
  });

  it('refuses a missing file, a file that is not a key, or a key that is not Ed25519, naming the variable', () => {
    expect(() => decisionPolicyFromEnv({ SITESHIFT_DECISION_PUBLIC_KEY_FILE: join(dir, 'none.pem') })).toThrow(
      /^SITESHIFT_DECISION_PUBLIC_KEY_FILE must be the path of an Ed25519 key in PEM .*ENOENT/,
    );
    writeFileSync(join(dir, 'junk.pem'), 'not a key');
    expect(() => decisionSigningKeyFromEnv({ SITESHIFT_DECISION_SIGNING_KEY_FILE: join(dir, 'junk.pem') })).toThrow(
      /^SITESHIFT_DECISION_SIGNING_KEY_FILE must be the path of an Ed25519 key/,
    );
    expect(() => decisionPolicyFromEnv({ SITESHIFT_DECISION_PUBLIC_KEY_FILE: join(dir, 'rsa.pem') })).toThrow(/not rsa/);
    expect(decisionSigningKeyFromEnv({})).toBeUndefined();
  });
});
