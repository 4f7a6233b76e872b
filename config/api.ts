import { resolve, join } from 'node:path';
import { devServerSettingsFromEnv } from './local-stack';
import { portOrAny, positiveInteger, readSetting, text } from './setting';

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
}

/** SITESHIFT_API_HOST (default 127.0.0.1: local only), SITESHIFT_API_PORT (8080; 0 any free port), SITESHIFT_API_BODY_LIMIT_BYTES. */
export function apiSettingsFromEnv(env: NodeJS.ProcessEnv): ApiSettings {
  return {
    host: readSetting(env, 'SITESHIFT_API_HOST', text) ?? DEFAULT_API_HOST,
    port: readSetting(env, 'SITESHIFT_API_PORT', portOrAny) ?? DEFAULT_API_PORT,
    bodyLimitBytes: readSetting(env, 'SITESHIFT_API_BODY_LIMIT_BYTES', positiveInteger) ?? DEFAULT_API_BODY_LIMIT_BYTES,
    tokensFile: tokensFileFromEnv(env),
  };
}

/** SITESHIFT_API_TOKENS_FILE: the bearer tokens file, by default `api-tokens.json` in SITESHIFT_DATA_DIR (`<repo>/.data`). */
export function tokensFileFromEnv(env: NodeJS.ProcessEnv): string {
  const file = readSetting(env, 'SITESHIFT_API_TOKENS_FILE', text);
  return file ? resolve(file) : join(devServerSettingsFromEnv(env).dataDir, 'api-tokens.json');
}
