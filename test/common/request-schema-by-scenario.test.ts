import fc from 'fast-check';
import { buildMigrationRequestSchema, formatIssues, missingFieldMessages, SCENARIOS, scenarioOf } from '../../common/migration-request';
import { invalidRequestArb, validRequestArb } from '../support/request-arbitraries';

/**
 * A migration's workflow builds its request schema for the scenario the request names (scenarioOf): only that
 * scenario's part, as the full union would choose it. Whatever the input, the answer must be the full union's:
 * the same data, or the same issues with the same messages, for every version of the schema.
 */
const RUNS = 300;
const VERSIONS = ['current', 'v2', 'v1'] as const;

function outcome(version: (typeof VERSIONS)[number], input: unknown, byScenario: boolean) {
  const schema = buildMigrationRequestSchema[version](byScenario ? scenarioOf(input) : undefined);
  const parsed = schema.safeParse(input, missingFieldMessages);
  return parsed.success ? { data: parsed.data } : { issues: formatIssues(parsed.error) };
}

/** Requests as they arrive: valid, one bad field, another scenario's name on a valid request, not a request at all. */
const inputs = fc.oneof(
  validRequestArb(),
  invalidRequestArb().map((invalid) => invalid.request),
  fc.tuple(validRequestArb(), fc.constantFrom(...SCENARIOS, 'unknown', 7, null)).map(([request, scenario]) => ({ ...request, scenario })),
  fc.oneof(fc.constant(null), fc.string(), fc.integer(), fc.constant([{ scenario: 'hyperv-to-azure' }]), fc.constant({})),
);

describe('the request schema built for the request’s scenario only', () => {
  it('answers as the full schema does, for every version: same data, or same issues and messages', () => {
    fc.assert(
      fc.property(inputs, fc.constantFrom(...VERSIONS), (input, version) => {
        expect(outcome(version, input, true)).toEqual(outcome(version, input, false));
      }),
      { numRuns: RUNS },
    );
  });

  it('names the scenario the union would choose, and none for anything else', () => {
    expect(scenarioOf({ scenario: 'azure-to-azure' })).toBe('azure-to-azure');
    for (const input of [
      null,
      'hyperv-to-azure',
      [],
      Object.assign([], { scenario: 'hyperv-to-azure' }),
      { scenario: 'Hyperv-to-azure' },
      {},
    ])
      expect(scenarioOf(input)).toBeUndefined();
  });
});
