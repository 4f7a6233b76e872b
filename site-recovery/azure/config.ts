import { readFileSync } from 'node:fs';
import { z } from 'zod';
import { checkWith, issueBullets, type FieldIssue } from '../../common/field-issues';

/** What an error calls the configuration itself. */
const CONFIG_ROOT = '(config)';

export const AZURE_RESOURCE_MANAGER = 'https://management.azure.com';

/**
 * How the adapter reaches Site Recovery: Azure Resource Manager with DefaultAzureCredential,
 * or our emulator (its https URL, a static bearer token and its self-signed CA, trusted for this client only).
 */
export const SiteRecoveryConfigSchema = z
  .object({
    endpoint: z
      .url({ protocol: /^https$/, error: 'must be an https URL (the SDK refuses bearer tokens over http)' })
      .default(AZURE_RESOURCE_MANAGER),
    credential: z.discriminatedUnion('mode', [
      z.strictObject({ mode: z.literal('default-azure-credential') }),
      z.strictObject({ mode: z.literal('static-token'), token: z.string().min(1, 'must not be empty') }),
    ]),
    /** PEM of a CA to trust for this endpoint only (the emulator's self-signed certificate). */
    caCertificatePem: z.string().includes('-----BEGIN CERTIFICATE-----', { error: 'must be a PEM certificate' }).optional(),
    /** Overrides the SDK's api-version (2023-06-01 in SDK 5.1.0). */
    apiVersion: z
      .string()
      .regex(/^\d{4}-\d{2}-\d{2}(-preview)?$/, 'must look like 2023-06-01')
      .optional(),
    /** Interval between polls of an ARM operation or an ASR job, unless ARM's Retry-After says otherwise. */
    pollIntervalMs: z.number().int().min(10).max(600_000).default(15_000),
    /** Retries of the SDK pipeline itself (429 honouring Retry-After, 5xx, network errors) before the adapter sees an error. */
    maxRetries: z.number().int().min(0).max(10).default(3),
    /** Vault-wide cache/log storage account for HyperVReplicaAzure and InMageRcm replication (a request has none). */
    cacheStorageAccountId: z
      .string()
      .regex(/^\/subscriptions\/.+\/providers\/Microsoft\.Storage\/storageAccounts\/[^/]+$/i, 'must be a storage account resource id')
      .optional(),
  })
  .strict();

export type SiteRecoveryConfig = z.infer<typeof SiteRecoveryConfigSchema>;
export type SiteRecoveryConfigInput = z.input<typeof SiteRecoveryConfigSchema>;

/** The environment variables read by siteRecoveryConfigFromEnv, with what each one means. */
export const SITE_RECOVERY_ENV = {
  SITESHIFT_ASR_ENDPOINT: "ARM endpoint (default https://management.azure.com); the emulator's https URL for local runs",
  SITESHIFT_ASR_TOKEN: 'static bearer token (emulator only); when unset, DefaultAzureCredential is used (AZURE_* variables)',
  SITESHIFT_ASR_CA_CERT: "PEM text or path of a PEM file: a CA trusted for this client only (the emulator's certificate)",
  SITESHIFT_ASR_API_VERSION: "api-version override (default: the SDK's, 2023-06-01)",
  SITESHIFT_ASR_POLL_INTERVAL_MS: 'poll interval for operations and jobs (default 15000)',
  SITESHIFT_ASR_MAX_RETRIES: 'SDK pipeline retries for 429/5xx/network errors (default 3)',
  SITESHIFT_ASR_CACHE_STORAGE_ACCOUNT_ID: 'cache/log storage account id used by HyperVReplicaAzure and InMageRcm enable replication',
} as const;

export class InvalidSiteRecoveryConfigError extends Error {
  constructor(readonly issues: FieldIssue[]) {
    super(`Invalid Site Recovery configuration:\n${issueBullets(issues, CONFIG_ROOT).join('\n')}`);
    this.name = 'InvalidSiteRecoveryConfigError';
  }
}

export function parseSiteRecoveryConfig(input: SiteRecoveryConfigInput): SiteRecoveryConfig {
  const result = checkWith(SiteRecoveryConfigSchema, input);
  if (!result.success) {
    throw new InvalidSiteRecoveryConfigError(result.issues);
  }
  return result.data;
}

const ENV_NAME_OF: Record<string, keyof typeof SITE_RECOVERY_ENV> = {
  endpoint: 'SITESHIFT_ASR_ENDPOINT',
  'credential.token': 'SITESHIFT_ASR_TOKEN',
  caCertificatePem: 'SITESHIFT_ASR_CA_CERT',
  apiVersion: 'SITESHIFT_ASR_API_VERSION',
  pollIntervalMs: 'SITESHIFT_ASR_POLL_INTERVAL_MS',
  maxRetries: 'SITESHIFT_ASR_MAX_RETRIES',
  cacheStorageAccountId: 'SITESHIFT_ASR_CACHE_STORAGE_ACCOUNT_ID',
};

/** Reads the configuration from environment variables; errors name the variable at fault. */
export function siteRecoveryConfigFromEnv(env: NodeJS.ProcessEnv): SiteRecoveryConfig {
  const value = (name: keyof typeof SITE_RECOVERY_ENV) => {
    const raw = env[name]?.trim();
    return raw ? raw : undefined;
  };
  const integer = (name: keyof typeof SITE_RECOVERY_ENV) => {
    const raw = value(name);
    return raw === undefined ? undefined : /^\d+$/.test(raw) ? Number(raw) : raw;
  };
  const token = value('SITESHIFT_ASR_TOKEN');
  try {
    return parseSiteRecoveryConfig({
      endpoint: value('SITESHIFT_ASR_ENDPOINT'),
      credential: token ? { mode: 'static-token', token } : { mode: 'default-azure-credential' },
      caCertificatePem: readPem(value('SITESHIFT_ASR_CA_CERT')),
      apiVersion: value('SITESHIFT_ASR_API_VERSION'),
      pollIntervalMs: integer('SITESHIFT_ASR_POLL_INTERVAL_MS') as number | undefined,
      maxRetries: integer('SITESHIFT_ASR_MAX_RETRIES') as number | undefined,
      cacheStorageAccountId: value('SITESHIFT_ASR_CACHE_STORAGE_ACCOUNT_ID'),
    });
  } catch (error) {
    if (!(error instanceof InvalidSiteRecoveryConfigError)) throw error;
    throw new InvalidSiteRecoveryConfigError(
      error.issues.map((issue) => ({ path: ENV_NAME_OF[issue.path] ?? issue.path, message: issue.message })),
    );
  }
}

function readPem(pemOrPath: string | undefined): string | undefined {
  if (pemOrPath === undefined || pemOrPath.includes('-----BEGIN')) return pemOrPath;
  try {
    return readFileSync(pemOrPath, 'utf8');
  } catch (error) {
    throw new InvalidSiteRecoveryConfigError([
      { path: 'SITESHIFT_ASR_CA_CERT', message: `cannot read the PEM file ${pemOrPath}: ${(error as Error).message}` },
    ]);
  }
}
