import fc from 'fast-check';
import { z } from 'zod';
import type * as Decisions from '../../common/decisions';
import type * as Requests from '../../common/migration-request';
import { invalidRequestArb, validRequestArb } from '../support/request-arbitraries';

/**
 * The workflow bundle's zod interprets its schemas (workflows/preload.ts sets `jitless`): each migration builds
 * its schemas afresh and parses a payload once or twice, so compiling a parser per object schema cost more
 * than it saved. Interpreted or compiled, zod must decide the same: same data, same issues, same messages.
 */
type Schemas = { requests: typeof Requests; decisions: typeof Decisions };

/**
 * zod keeps its configuration on globalThis (one per workflow sandbox, frozen after preloading; one per Jest
 * file here), and each object schema reads `jitless` when it is built: `fn` runs with it set as asked.
 */
function under<T>(jitless: boolean | undefined, fn: () => T): T {
  const config = z.config();
  const before = config.jitless;
  config.jitless = jitless;
  try {
    return fn();
  } finally {
    config.jitless = before;
  }
}

/** The schema modules, loaded afresh so that their lazily built schemas are their own. */
function freshSchemas(): Schemas {
  let loaded: Schemas | undefined;
  jest.isolateModules(() => {
    loaded = {
      // eslint-disable-next-line @typescript-eslint/no-require-imports -- evaluated afresh, in the isolated registry
      requests: require('../../common/migration-request'),
      // eslint-disable-next-line @typescript-eslint/no-require-imports -- evaluated afresh, in the isolated registry
      decisions: require('../../common/decisions'),
    };
  });
  return loaded!;
}

const RUNS = 300;

describe('zod in the migration workflows: interpreted (jitless), deciding as the compiled parsers did', () => {
  it('is configured jitless by the preloaded module, before the workflows build a schema', () => {
    under(undefined, () => {
      // eslint-disable-next-line @typescript-eslint/no-require-imports -- evaluated afresh, in the isolated registry
      jest.isolateModules(() => require('../../workflows/preload'));
      expect(z.config().jitless).toBe(true);
    });
  });

  const [compiled, interpreted] = [freshSchemas(), freshSchemas()];
  const jitlessOf = (schemas: Schemas) => schemas === interpreted;
  const requestOutcome = (schemas: Schemas, request: unknown) =>
    under(jitlessOf(schemas), () => {
      const { buildMigrationRequestSchema, missingFieldMessages, formatIssues } = schemas.requests;
      const parsed = buildMigrationRequestSchema.current().safeParse(request, missingFieldMessages);
      return parsed.success ? { data: parsed.data } : { issues: formatIssues(parsed.error) };
    });
  const decisionOutcome = (schemas: Schemas, name: Decisions.DecisionName, raw: unknown) =>
    under(jitlessOf(schemas), () => schemas.decisions.parseDecision(name, raw));

  it('accepts and refuses every request alike, with the same data and the same issues', () => {
    fc.assert(
      fc.property(
        fc.oneof(
          validRequestArb(),
          invalidRequestArb().map((invalid) => invalid.request),
        ),
        (request) => {
          expect(requestOutcome(interpreted, request)).toEqual(requestOutcome(compiled, request));
        },
      ),
      { numRuns: RUNS },
    );
  });

  it('accepts and refuses every decision payload alike, with the same data and the same issues', () => {
    const names = compiled.decisions.DECISION_NAMES;
    const text = fc.oneof(fc.string({ maxLength: 30 }), fc.constant('2030-01-01T00:00:00Z'), fc.constant(' '));
    const value = fc.oneof(text, fc.integer(), fc.boolean(), fc.constant(null), fc.dictionary(fc.string({ maxLength: 5 }), text));
    const payload = fc.oneof(
      fc.constantFrom({ by: 'ana' }, { by: 'ana', reason: 'r' }, { by: 'ana', comment: 'ok', notBefore: '2030-01-01T00:00:00Z' }),
      fc.record({ by: value, comment: value, reason: value, notBefore: value, proof: value }, { requiredKeys: [] }),
      fc.dictionary(fc.constantFrom('by', 'comment', 'reason', 'notBefore', 'approver', 'x'), value),
      value,
    );
    fc.assert(
      fc.property(fc.constantFrom(...names), payload, (name, raw) => {
        expect(decisionOutcome(interpreted, name, raw)).toEqual(decisionOutcome(compiled, name, raw));
      }),
      { numRuns: RUNS },
    );
  });
});
