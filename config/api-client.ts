import { z } from 'zod';
import { InvalidSettingError, readSetting, type Setting } from './setting';

/** Where the CLI (or a service using MigrationApiClient) reaches the siteshift HTTP API, and as whom. */
export interface ApiClientSettings {
  /** The API's base URL, e.g. `http://127.0.0.1:8080` (no trailing slash). */
  url: string;
  /** A bearer token (`siteshift tokens add`, or a JWT from the identity provider). Never logged or printed. */
  token: string;
}

const apiUrl: Setting<string> = {
  schema: z
    .url({ protocol: /^https?$/ })
    .transform((url) => url.replace(/\/+$/, ''))
    .pipe(z.string().max(2000)),
  expects: 'an http(s) URL, e.g. http://127.0.0.1:8080',
};

/**
 * SITESHIFT_API_URL: when set, the CLI goes through the HTTP API instead of Temporal, as the identity of
 * SITESHIFT_API_TOKEN (read from the environment only: a token on a command line shows in `ps` and shell
 * history). Undefined when SITESHIFT_API_URL is unset.
 */
export function apiClientSettingsFromEnv(env: NodeJS.ProcessEnv): ApiClientSettings | undefined {
  const url = readSetting(env, 'SITESHIFT_API_URL', apiUrl);
  if (url === undefined) return undefined;
  const token = env.SITESHIFT_API_TOKEN?.trim();
  if (!token) throw new InvalidSettingError('SITESHIFT_API_TOKEN', 'a bearer token when SITESHIFT_API_URL is set', '');
  return { url, token };
}
