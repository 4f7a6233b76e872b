import { Agent, request } from 'node:https';
import type { RunningEmulator } from '../../emulator';

/** Plain HTTPS against the emulator, trusting only its certificate: what any ARM client sees on the wire. */

export interface ArmResponse {
  status: number;
  headers: Record<string, string | string[] | undefined>;
  body: any;
}

export interface ArmClient {
  call(
    method: string,
    path: string,
    body?: unknown,
    options?: { token?: string | null; apiVersion?: string | null; rawBody?: string },
  ): Promise<ArmResponse>;
  get(path: string): Promise<ArmResponse>;
  /** GETs a list and every further page through nextLink; the items of all pages. */
  listAll(path: string): Promise<any[]>;
  /** Path of the seeded vault, to append child paths to. */
  vault: string;
  container(fabric: string, container: string): string;
  item(fabric: string, container: string, item: string): string;
  /** Follows a 202: polls Azure-AsyncOperation (moving virtual time on) until it ends, then GETs Location. */
  complete(accepted: ArmResponse, stepSeconds?: number): Promise<{ operation: any; result: ArmResponse }>;
}

export const API_VERSION = '2023-06-01';

export function armClient(emulator: RunningEmulator): ArmClient {
  const agent = new Agent({ ca: emulator.certificatePem, keepAlive: false });
  const vault = `/subscriptions/${emulator.subscriptionId}/resourceGroups/${emulator.resourceGroup}/providers/Microsoft.RecoveryServices/vaults/${emulator.vault}`;

  const call: ArmClient['call'] = (method, path, body, options = {}) =>
    new Promise((resolve, reject) => {
      const url = new URL(path.startsWith('https://') ? path : `${emulator.url}${path}`);
      const apiVersion = options.apiVersion === undefined ? API_VERSION : options.apiVersion;
      if (apiVersion !== null && !url.searchParams.has('api-version')) url.searchParams.set('api-version', apiVersion);
      const token = options.token === undefined ? 'any-token' : options.token;
      const text = options.rawBody ?? (body === undefined ? undefined : JSON.stringify(body));
      const req = request(
        url,
        {
          method,
          agent,
          headers: {
            ...(token !== null ? { Authorization: `Bearer ${token}` } : {}),
            ...(text !== undefined ? { 'Content-Type': 'application/json', 'Content-Length': String(Buffer.byteLength(text)) } : {}),
          },
        },
        (res) => {
          const chunks: Buffer[] = [];
          res.on('data', (c: Buffer) => chunks.push(c));
          res.on('end', () => {
            const raw = Buffer.concat(chunks).toString('utf8');
            resolve({ status: res.statusCode ?? 0, headers: res.headers, body: raw ? JSON.parse(raw) : undefined });
          });
        },
      );
      req.on('error', reject);
      if (text !== undefined) req.write(text);
      req.end();
    });

  const client: ArmClient = {
    call,
    get: (path) => call('GET', path),
    async listAll(path) {
      const items: any[] = [];
      let url: string | undefined = path;
      while (url) {
        const page = await call('GET', url);
        if (page.status !== 200) throw new Error(`GET ${url} answered ${page.status}: ${JSON.stringify(page.body)}`);
        items.push(...page.body.value);
        url = page.body.nextLink;
      }
      return items;
    },
    vault,
    container: (fabric, container) => `${vault}/replicationFabrics/${fabric}/replicationProtectionContainers/${container}`,
    item: (fabric, container, item) =>
      `${vault}/replicationFabrics/${fabric}/replicationProtectionContainers/${container}/replicationProtectedItems/${item}`,
    async complete(accepted, stepSeconds = 60) {
      if (accepted.status !== 202) throw new Error(`expected 202, got ${accepted.status}: ${JSON.stringify(accepted.body)}`);
      const operationUrl = String(accepted.headers['azure-asyncoperation']);
      for (let i = 0; i < 1000; i++) {
        const operation = await call('GET', operationUrl);
        if (operation.body.status !== 'InProgress') {
          return { operation: operation.body, result: await call('GET', String(accepted.headers.location)) };
        }
        emulator.advanceClock(stepSeconds);
      }
      throw new Error(`operation ${operationUrl} never ended`);
    },
  };
  return client;
}
