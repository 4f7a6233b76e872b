import { createPrivateKey, createPublicKey, type KeyObject } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { z } from 'zod';
import type { DecisionPolicy } from '../common/decision-policy';
import { InvalidSettingError, readSetting, text, type Setting } from './setting';

export const DECISION_POLICY_SETTINGS = {
  /** `on` (default) or `off`: the four-eyes rules of migrations this worker starts running. */
  fourEyes: 'SITESHIFT_FOUR_EYES',
  /** Worker: the Ed25519 public key (PEM) that decisions' proofs must verify against; unset, decisions are unsigned. */
  publicKeyFile: 'SITESHIFT_DECISION_PUBLIC_KEY_FILE',
  /** API: the Ed25519 private key (PEM) it signs decisions with; `npm start`'s worker derives its public key from it. */
  signingKeyFile: 'SITESHIFT_DECISION_SIGNING_KEY_FILE',
} as const;

const onOff: Setting<boolean> = {
  schema: z.enum(['on', 'off']).transform((value) => value === 'on'),
  expects: '"on" or "off"',
};

const KEY_EXPECTS = 'the path of an Ed25519 key in PEM (openssl genpkey -algorithm ed25519 -out decision-signing.pem)';

function readKey<T>(variable: string, file: string, parse: (pem: string) => KeyObject, use: (key: KeyObject) => T): T {
  let key: KeyObject;
  try {
    key = parse(readFileSync(file, 'utf8'));
  } catch (error) {
    throw new InvalidSettingError(variable, `${KEY_EXPECTS} (${(error as Error).message})`, file);
  }
  if (key.asymmetricKeyType !== 'ed25519') throw new InvalidSettingError(variable, `${KEY_EXPECTS}, not ${key.asymmetricKeyType}`, file);
  return use(key);
}

/** The raw Ed25519 public key in hex, as migrations keep it (DecisionPolicy.decisionPublicKey). */
export function publicKeyHex(key: KeyObject): string {
  const publicKey = key.type === 'public' ? key : createPublicKey(key);
  return Buffer.from(publicKey.export({ format: 'jwk' }).x!, 'base64url').toString('hex');
}

/** The API's signing key (SITESHIFT_DECISION_SIGNING_KEY_FILE), or undefined: decisions are sent unsigned. */
export function decisionSigningKeyFromEnv(env: NodeJS.ProcessEnv): KeyObject | undefined {
  const file = readSetting(env, DECISION_POLICY_SETTINGS.signingKeyFile, text);
  return file === undefined ? undefined : readKey(DECISION_POLICY_SETTINGS.signingKeyFile, resolve(file), createPrivateKey, (key) => key);
}

/**
 * The decision policy a worker answers its migrations at their start: SITESHIFT_FOUR_EYES (default on) and
 * SITESHIFT_DECISION_PUBLIC_KEY_FILE (a public key, or a private key whose public half is used). `signingKey`:
 * `npm start`'s API key, whose public half applies when no public key file is set.
 */
export function decisionPolicyFromEnv(env: NodeJS.ProcessEnv, signingKey?: KeyObject): DecisionPolicy {
  const fourEyes = readSetting(env, DECISION_POLICY_SETTINGS.fourEyes, onOff) ?? true;
  const file = readSetting(env, DECISION_POLICY_SETTINGS.publicKeyFile, text);
  const publicKey =
    file !== undefined
      ? readKey(DECISION_POLICY_SETTINGS.publicKeyFile, resolve(file), createPublicKey, publicKeyHex)
      : signingKey && publicKeyHex(signingKey);
  return publicKey ? { fourEyes, decisionPublicKey: publicKey } : { fourEyes };
}
