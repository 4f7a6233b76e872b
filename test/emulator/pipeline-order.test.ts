import { startEmulator, type RunningEmulator } from '../../emulator';
import { armClient, type ArmClient } from '../support/arm-client';
import { hyperVBody } from '../support/enable-bodies';

/**
 * The request pipeline's order, seen from the wire: a request wrong in two ways is answered for the first
 * check it fails (authenticate, api-version, fault injection, route, body, vault, handler), and only a routed
 * request's log entry names its operation and resource.
 */

let emulator: RunningEmulator;
let client: ArmClient;

beforeAll(async () => {
  emulator = await startEmulator({ timeScale: 100_000 });
  client = armClient(emulator);
});
afterAll(() => emulator.stop());
afterEach(() => emulator.setFaults({}));

/** A request whose body is sent as written (possibly malformed). */
const raw = (method: string, path: string, body: string) => client.call(method, path, undefined, { rawBody: body });

const lastLogged = () => emulator.requestLog().at(-1);

describe('pipeline order', () => {
  it('authenticates before it checks the api-version', async () => {
    const answer = await client.call('GET', `${client.vault}/replicationFabrics`, undefined, { token: null, apiVersion: null });
    expect(answer.body.error.code).toBe('AuthenticationFailed');
  });

  it('checks the api-version before a throttling fault, which comes before routing', async () => {
    emulator.setFaults({ throttling: { nextRequests: 1, status: 429 } });
    const badVersion = await client.call('GET', `${client.vault}/replicationFabrics`, undefined, { apiVersion: 'latest' });
    expect(badVersion.body.error.code).toBe('InvalidApiVersionParameter');
    const throttled = await client.get(`${client.vault}/noSuchResourceType`);
    expect(throttled.status).toBe(429);
    expect(lastLogged()).toMatchObject({ operation: 'Emulator_Throttled', fault: 'throttled', errorCode: 'TooManyRequests' });
    expect(lastLogged()?.resourceId).toBeUndefined();
  });

  it('routes before it parses the body, and parses the body before it checks the vault', async () => {
    const unrouted = await raw('PUT', `${client.vault}/noSuchResourceType/x`, '{not json');
    expect(unrouted.status).toBe(404);
    expect(unrouted.body.error.code).toBe('InvalidResourceType');
    expect(lastLogged()).toMatchObject({ operation: 'Unknown', status: 404 });

    const otherSubscription = client.item('hyperv-site-hq', 'cloud_hq-site', 'x').replace(emulator.subscriptionId, 'other-subscription');
    const badJson = await raw('PUT', otherSubscription, '{not json');
    expect(badJson.status).toBe(400);
    expect(badJson.body.error.code).toBe('InvalidRequestContent');
    expect(lastLogged()).toMatchObject({ operation: 'ReplicationProtectedItems_Create', resourceId: otherSubscription.toLowerCase() });
    const noVault = await raw('PUT', otherSubscription, '{}');
    expect(noVault.body.error.code).toBe('SubscriptionNotFound');
  });

  it('leaves the shape of a parsed body to the handler: a missing item or a conflict is reported first', async () => {
    const missing = await raw('POST', `${client.item('hyperv-site-hq', 'cloud_hq-site', 'never-enabled')}/testFailover`, '[]');
    expect(missing.status).toBe(404);

    const path = client.item('hyperv-site-hq', 'cloud_hq-site', 'pipeline-order-01');
    expect((await raw('PUT', path, '{"properties": 1}')).body.error.code).toBe('InvalidRequestContent');
    await client.complete(await client.call('PUT', path, hyperVBody(client, 'hyperv-site-hq', 'cloud_hq-site', 'hv-sql-01')));
    const again = await raw('PUT', path, '{}');
    expect(again.status).toBe(409);
    expect(again.body.error.code).toBe('ReplicationProtectedItemAlreadyExists');
    expect((await raw('POST', `${path}/testFailover`, '{}')).body.error.code).toBe('InvalidRequestContent');
  });
});
