import path from 'node:path';
import type { MigrationClient } from '../client';
import { mapWithConcurrency } from '../client/concurrency';
import type { MigrationRequestInput } from '../common/migration-request';
import { addToken, TokensFile } from '../api/identity/tokens-file';
import { createApiServer } from '../api/server';

/** The HTTP API (api/server.ts) in this process, on a free loopback port, with an operator token of its own. */
export async function startBenchApi(migrations: MigrationClient, dir: string) {
  const tokensFile = path.join(dir, 'api-tokens.json');
  const token = addToken(tokensFile, 'bench-service', ['operator']);
  const app = await createApiServer({ migrations, identities: new TokensFile(tokensFile) });
  const url = await app.listen({ host: '127.0.0.1', port: 0 });
  return { url, token, close: () => app.close() };
}

/**
 * Starts each request with `POST /v1/migrations`, `concurrency` at a time (as a service would), and returns
 * each start's latency in ms; any answer but 201 fails the bench with the API's problem text.
 */
export async function startThroughApi(
  api: { url: string; token: string },
  requests: readonly MigrationRequestInput[],
  concurrency: number,
): Promise<number[]> {
  return mapWithConcurrency(requests, concurrency, async (request) => {
    const began = performance.now();
    const response = await fetch(`${api.url}/v1/migrations`, {
      method: 'POST',
      headers: { authorization: `Bearer ${api.token}`, 'content-type': 'application/json' },
      body: JSON.stringify(request),
    });
    const body = await response.text();
    if (response.status !== 201) throw new Error(`POST /v1/migrations for ${request.machineId}: ${response.status} ${body}`);
    return performance.now() - began;
  });
}
