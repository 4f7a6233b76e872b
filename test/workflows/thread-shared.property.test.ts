import fc from 'fast-check';
import { buildMigrationRequestSchema, formatIssues, missingFieldMessages, scenarioOf } from '../../common/migration-request';
import type * as ThreadShared from '../../workflows/thread-shared';
import { invalidRequestArb, validRequestArb } from '../support/request-arbitraries';

/**
 * workflows/thread-shared.ts: the migration workflow validates every request with a schema its worker thread
 * built once (migrate-machine.ts, checkedRequest). Sharing is safe only if a schema carries nothing from one
 * parse to the next: whatever it parsed before, it answers a request as a schema built for that request alone.
 */
function freshStore(): typeof ThreadShared {
  let loaded: typeof ThreadShared | undefined;
  jest.isolateModules(() => {
    // eslint-disable-next-line @typescript-eslint/no-require-imports -- a store of its own, as a new worker thread has
    loaded = require('../../workflows/thread-shared');
  });
  return loaded!;
}

const VERSIONS = ['current', 'v2', 'v1'] as const;

function outcome(schema: ReturnType<(typeof buildMigrationRequestSchema)['current']>, request: unknown) {
  const parsed = schema.safeParse(request, missingFieldMessages);
  return parsed.success ? { data: parsed.data } : { issues: formatIssues(parsed.error) };
}

describe('threadShared: built once per worker thread, shared by its workflows', () => {
  it('builds each key once and gives every caller that value', () => {
    const { threadShared } = freshStore();
    let builds = 0;
    const first = threadShared('k', () => ({ built: ++builds }));
    expect(threadShared('k', () => ({ built: ++builds }))).toBe(first);
    expect(threadShared('other', () => ({ built: ++builds }))).toEqual({ built: 2 });
    expect(builds).toBe(2);
  });

  it('a shared request schema answers each request of any sequence as one built for it alone', () => {
    const request = fc.oneof(
      validRequestArb(),
      invalidRequestArb().map((invalid) => invalid.request),
    );
    fc.assert(
      fc.property(fc.array(fc.tuple(fc.constantFrom(...VERSIONS), request), { minLength: 2, maxLength: 8 }), (sequence) => {
        const { threadShared } = freshStore();
        for (const [version, input] of sequence) {
          const scenario = scenarioOf(input);
          const shared = threadShared(`migration-request:${version}:${scenario ?? 'any'}`, () =>
            buildMigrationRequestSchema[version](scenario),
          );
          expect(outcome(shared, input)).toEqual(outcome(buildMigrationRequestSchema[version](scenario), input));
        }
      }),
      { numRuns: 150 },
    );
  });
});
