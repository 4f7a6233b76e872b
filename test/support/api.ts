import type { FastifyInstance, InjectOptions, LightMyRequestResponse } from 'fastify';
import { MigrationClient } from '../../client';
import type { IdentitySource } from '../../api/identity/authenticate';
import type { Role } from '../../api/identity/roles';
import { createApiServer, type ApiServerOptions } from '../../api/server';
import type { TestConnection } from './temporal';

/** One test identity per role, each holding only that role, and its bearer token. */
export const TEST_IDENTITIES: Record<Role, { name: string; token: string }> = {
  viewer: { name: 'vera', token: 'test-viewer-token' },
  operator: { name: 'olga', token: 'test-operator-token' },
  approver: { name: 'ana', token: 'test-approver-token' },
  admin: { name: 'adam', token: 'test-admin-token' },
};

/** A second approver, for the four-eyes rules (the cutover approved by someone else than the test). */
export const SECOND_APPROVER = { name: 'ben', token: 'test-second-approver-token' };

const testIdentities: IdentitySource = {
  identityOf: (token) => {
    if (token === SECOND_APPROVER.token) return { name: SECOND_APPROVER.name, roles: ['approver'] };
    const found = Object.entries(TEST_IDENTITIES).find(([, identity]) => identity.token === token);
    return found && { name: found[1].name, roles: [found[0] as Role] };
  },
};

/** The Authorization header of the test identity holding `role`. */
export function bearer(role: Role): { authorization: string } {
  return { authorization: `Bearer ${TEST_IDENTITIES[role].token}` };
}

/** The API over the shared dev server on `taskQueue`, knowing the TEST_IDENTITIES unless told otherwise; close it when done. */
export async function apiFor(
  test: Pick<TestConnection, 'client'>,
  taskQueue: string,
  options: Partial<ApiServerOptions> = {},
): Promise<FastifyInstance> {
  return createApiServer({
    migrations: new MigrationClient(test.client, taskQueue, { answerTimeoutMs: 10_000 }),
    identities: testIdentities,
    ...options,
  });
}

/** Requests to `app` sent with the bearer token of the test identity holding `role`. */
export interface ApiCaller {
  inject(options: InjectOptions): Promise<LightMyRequestResponse>;
}

export function callerAs(app: FastifyInstance, role: Role | 'secondApprover'): ApiCaller {
  const authorization = { authorization: `Bearer ${role === 'secondApprover' ? SECOND_APPROVER.token : TEST_IDENTITIES[role].token}` };
  return { inject: (options) => app.inject({ ...options, headers: { ...authorization, ...options.headers } }) };
}
