import fc from 'fast-check';
import type { z } from 'zod';
import { parseDecisionIn } from '../../common/decision-table';
import type * as Decisions from '../../common/decisions';
import { buildMigrationRequestSchema, formatIssues, missingFieldMessages, scenarioOf } from '../../common/migration-request';
import { refusalMessages } from '../../workflows/decision-rules';
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

/** The decision table of a module registry of its own, whose schemas have parsed nothing yet. */
function freshDecisions(): typeof Decisions {
  let loaded: typeof Decisions | undefined;
  jest.isolateModules(() => {
    // eslint-disable-next-line @typescript-eslint/no-require-imports -- evaluated afresh, in the isolated registry
    loaded = require('../../common/decisions');
  });
  return loaded!;
}

const VERSIONS = ['current', 'v2', 'v1'] as const;

function outcome(schema: z.ZodType, request: unknown) {
  const parsed = schema.safeParse(request, missingFieldMessages);
  return parsed.success ? { data: parsed.data } : { issues: formatIssues(parsed.error) };
}

describe('threadShared: built once per worker thread, shared by its workflows', () => {
  it('builds each key once and gives every caller that value', () => {
    const { threadShared } = freshStore();
    let builds = 0;
    const first = threadShared('wave-decisions', () => ({ built: ++builds }));
    expect(threadShared('wave-decisions', () => ({ built: ++builds }))).toBe(first);
    expect(threadShared('decision-proof', () => ({ built: ++builds }))).toEqual({ built: 2 });
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

  it('a shared decision table answers each payload of any sequence as a table that parsed nothing else', () => {
    const shared = freshDecisions();
    const text = fc.oneof(fc.string({ maxLength: 30 }), fc.constant('2030-01-01T00:00:00Z'), fc.constant(' '), fc.constant('ana'));
    const value = fc.oneof(text, fc.integer(), fc.boolean(), fc.constant(null), fc.dictionary(fc.string({ maxLength: 5 }), text));
    const payload = fc.oneof(
      fc.constantFrom({ by: 'ana' }, { by: 'ana', reason: 'r' }, { by: 'ana', comment: 'ok', notBefore: '2030-01-01T00:00:00Z' }),
      fc.record({ by: value, comment: value, reason: value, notBefore: value }, { requiredKeys: [] }),
      fc.dictionary(fc.constantFrom('by', 'comment', 'reason', 'notBefore', 'approver', 'x'), value),
      value,
    );
    fc.assert(
      fc.property(fc.array(fc.tuple(fc.constantFrom(...shared.DECISION_NAMES), payload), { minLength: 1, maxLength: 8 }), (sequence) => {
        const fresh = freshDecisions();
        // The fresh table parses the sequence backwards: neither what came before nor the order may matter.
        const alone = [...sequence]
          .reverse()
          .map(([name, raw]) => parseDecisionIn(fresh.DECISIONS, name, raw, refusalMessages))
          .reverse();
        sequence.forEach(([name, raw], i) => expect(parseDecisionIn(shared.DECISIONS, name, raw, refusalMessages)).toEqual(alone[i]));
      }),
      { numRuns: 100 },
    );
  });
});
