import fc from 'fast-check';
import { checkMigrationRequest, InvalidMigrationRequestError, parseMigrationRequest } from '../../common/migration-request';
import { validateMigrationRequests } from '../../client';
import { InvalidBatchError } from '../../client/errors';
import { invalidRequestArb, issueNaming, validRequestArb } from '../support/request-arbitraries';

/** Pure schema properties: no Temporal, so many cases. */
const RUNS = 600;

describe('migration request schema, property-based', () => {
  it('accepts every valid request: unicode text, optional fields present or not', () => {
    fc.assert(
      fc.property(validRequestArb(), (request) => {
        const checked = checkMigrationRequest(request);
        if (!checked.success) throw new Error(`refused a valid request: ${JSON.stringify(checked.issues)}`);
        expect(checked.data.machineId).toBe(request.machineId);
      }),
      { numRuns: RUNS },
    );
  });

  it('refuses every request with one bad field (unknown key at any depth, missing, wrong type, oversized, control character), naming that field', () => {
    fc.assert(
      fc.property(invalidRequestArb(), (invalid) => {
        const checked = checkMigrationRequest(invalid.request);
        if (checked.success) throw new Error(`accepted: ${invalid.mutation}`);
        if (!issueNaming(invalid, checked.issues)) {
          throw new Error(`${invalid.mutation}: no issue naming "${invalid.path}" in ${JSON.stringify(checked.issues)}`);
        }
      }),
      { numRuns: RUNS },
    );
  });

  it('says the same thing through parseMigrationRequest and a batch, in a message of bounded size', () => {
    fc.assert(
      fc.property(invalidRequestArb(), (invalid) => {
        const single = (() => {
          try {
            parseMigrationRequest(invalid.request);
          } catch (error) {
            return error;
          }
        })();
        expect(single).toBeInstanceOf(InvalidMigrationRequestError);
        const batch = (() => {
          try {
            validateMigrationRequests([invalid.request]);
          } catch (error) {
            return error;
          }
        })();
        expect(batch).toBeInstanceOf(InvalidBatchError);
        expect((batch as InvalidBatchError).items[0].issues).toEqual((single as InvalidMigrationRequestError).issues);
        expect((single as Error).message.length).toBeLessThan(4000);
      }),
      { numRuns: 200 },
    );
  });
});
