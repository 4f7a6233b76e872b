import type { KeyObject } from 'node:crypto';
import { resolve, join } from 'node:path';
import { z } from 'zod';
import { ROLES, type Role } from '../common/roles';
import { decisionSigningKeyFromEnv } from './decision-policy';
import { devServerSettingsFromEnv } from './local-stack';
import { InvalidSettingError, portOrAny, positiveInteger, readSetting, text, type Setting } from './setting';

export const DEFAULT_API_HOST = '127.0.0.1';
export const DEFAULT_API_PORT = 8080;
/** Request bodies larger than this are refused with 413 before they are parsed (a batch of ~1,000 requests fits). */
export const DEFAULT_API_BODY_LIMIT_BYTES = 4 * 1024 * 1024;

/** What `siteshift serve` (bin/serve.ts) reads at start. */
export interface ApiSettings {
  host: string;
  port: number;
  bodyLimitBytes: number;
  /** The bearer tokens file (`siteshift tokens add` writes it). */
  tokensFile: string;
  /** JWTs of a company identity provider, accepted beside the tokens file (SITESHIFT_API_OIDC_*, below). */
  oidc: OidcSettings | undefined;
  /** The Ed25519 key the API signs each decision with (SITESHIFT_DECISION_SIGNING_KEY_FILE); unset, decisions go unsigned. */
  decisionSigningKey: KeyObject | undefined;
}

/** SITESHIFT_API_HOST (default 127.0.0.1: local only), SITESHIFT_API_PORT (8080; 0 any free port), SITESHIFT_API_BODY_LIMIT_BYTES. */
export function apiSettingsFromEnv(env: NodeJS.ProcessEnv): ApiSettings {
  return {
    host: readSetting(env, 'SITESHIFT_API_HOST', text) ?? DEFAULT_API_HOST,
    port: readSetting(env, 'SITESHIFT_API_PORT', portOrAny) ?? DEFAULT_API_PORT,
    bodyLimitBytes: readSetting(env, 'SITESHIFT_API_BODY_LIMIT_BYTES', positiveInteger) ?? DEFAULT_API_BODY_LIMIT_BYTES,
    tokensFile: tokensFileFromEnv(env),
    oidc: oidcSettingsFromEnv(env),
    decisionSigningKey: decisionSigningKeyFromEnv(env),
  };
}

/** SITESHIFT_API_TOKENS_FILE: the bearer tokens file, by default `api-tokens.json` in SITESHIFT_DATA_DIR (`<repo>/.data`). */
export function tokensFileFromEnv(env: NodeJS.ProcessEnv): string {
  const file = readSetting(env, 'SITESHIFT_API_TOKENS_FILE', text);
  return file ? resolve(file) : join(devServerSettingsFromEnv(env).dataDir, 'api-tokens.json');
}

/**
 * JWTs from a company identity provider (OIDC), accepted beside the tokens file. Set SITESHIFT_API_OIDC_ISSUER
 * to turn them on; the audience and the JWKS are then required, the claims have defaults.
 */
export interface OidcSettings {
  /** The `iss` a token must carry, e.g. https://login.microsoftonline.com/<tenant>/v2.0. */
  issuer: string;
  /** The `aud` a token must carry: the API's client id or application id URI at the provider. */
  audience: string;
  /** The provider's signing keys: its JWKS URL (fetched and cached, refetched for an unknown key id) or a local file. */
  jwks: { url: URL } | { file: string };
  /** The claim naming the caller (recorded as `by` on their decisions). */
  nameClaim: string;
  /** The claim listing the caller's roles: a top-level name, or a dotted path such as `realm_access.roles`. */
  rolesClaim: string;
  /** Provider role value -> siteshift roles; without one, a value counts when it is a siteshift role's name. */
  roleMap: Readonly<Record<string, readonly Role[]>> | undefined;
}

export const OIDC_SETTINGS = {
  issuer: 'SITESHIFT_API_OIDC_ISSUER',
  audience: 'SITESHIFT_API_OIDC_AUDIENCE',
  jwks: 'SITESHIFT_API_OIDC_JWKS',
  nameClaim: 'SITESHIFT_API_OIDC_NAME_CLAIM',
  rolesClaim: 'SITESHIFT_API_OIDC_ROLES_CLAIM',
  roleMap: 'SITESHIFT_API_OIDC_ROLE_MAP',
} as const;

export const DEFAULT_OIDC_NAME_CLAIM = 'preferred_username';
export const DEFAULT_OIDC_ROLES_CLAIM = 'roles';

const httpUrl = z.url({ protocol: /^https?$/ });

const issuer: Setting<string> = { schema: httpUrl, expects: 'the issuer URL (https://...) its tokens carry as "iss"' };
const audience: Setting<string> = { schema: z.string().min(1).max(500), expects: 'the audience ("aud") tokens are issued for' };
const jwks: Setting<OidcSettings['jwks']> = {
  schema: z
    .string()
    .transform((value) => (/^https?:\/\//i.test(value) ? { url: new URL(httpUrl.parse(value)) } : { file: resolve(value) })),
  expects: "the provider's JWKS URL (http(s)://...) or the path of a JWKS file",
};
const claim: Setting<string> = {
  schema: z.string().regex(/^[A-Za-z0-9_:/.-]{1,200}$/),
  expects: 'a claim name or a dotted path to one (letters, digits, "_", "-", ":", "/", ".")',
};
const roleMap: Setting<Record<string, Role[]>> = {
  schema: z.string().transform((value, context) => {
    const map: Record<string, Role[]> = {};
    for (const pair of value.split(',').map((part) => part.trim())) {
      const at = pair.lastIndexOf('=');
      const [from, to] = [pair.slice(0, at).trim(), pair.slice(at + 1).trim()];
      if (at <= 0 || !(ROLES as readonly string[]).includes(to)) {
        context.addIssue({ code: 'custom', message: 'bad pair' });
        return z.NEVER;
      }
      (map[from] ??= []).push(to as Role);
    }
    return map;
  }),
  expects: `comma-separated <provider role>=<siteshift role> pairs (roles: ${ROLES.join(', ')}), e.g. SiteShift.Approvers=approver,SiteShift.Admins=admin`,
};

/** The OIDC settings, or undefined when SITESHIFT_API_OIDC_ISSUER is unset (the tokens file alone). */
export function oidcSettingsFromEnv(env: NodeJS.ProcessEnv): OidcSettings | undefined {
  const values = {
    issuer: readSetting(env, OIDC_SETTINGS.issuer, issuer),
    audience: readSetting(env, OIDC_SETTINGS.audience, audience),
    jwks: readSetting(env, OIDC_SETTINGS.jwks, jwks),
    nameClaim: readSetting(env, OIDC_SETTINGS.nameClaim, claim) ?? DEFAULT_OIDC_NAME_CLAIM,
    rolesClaim: readSetting(env, OIDC_SETTINGS.rolesClaim, claim) ?? DEFAULT_OIDC_ROLES_CLAIM,
    roleMap: readSetting(env, OIDC_SETTINGS.roleMap, roleMap),
  };
  if (values.issuer === undefined) {
    const stray = (['audience', 'jwks', 'roleMap'] as const).find((key) => values[key] !== undefined);
    if (stray)
      throw new InvalidSettingError(OIDC_SETTINGS[stray], `set only with ${OIDC_SETTINGS.issuer}`, String(env[OIDC_SETTINGS[stray]]));
    return undefined;
  }
  if (values.audience === undefined) throw new InvalidSettingError(OIDC_SETTINGS.audience, `set when ${OIDC_SETTINGS.issuer} is`, '');
  if (values.jwks === undefined) throw new InvalidSettingError(OIDC_SETTINGS.jwks, `set when ${OIDC_SETTINGS.issuer} is`, '');
  return { ...values, issuer: values.issuer, audience: values.audience, jwks: values.jwks };
}
