import { jobFailure, jobNameFromLocations, jobSucceeded, runningJobName } from '../../site-recovery/azure/jobs';
import { scenarioMatches } from '../../site-recovery/azure/item-actions';
import { decodeOperationToken, encodeOperationToken } from '../../site-recovery/azure/operation-token';

const VAULT = 'https://management.azure.com/Subscriptions/s/resourceGroups/rg/providers/Microsoft.RecoveryServices/vaults/vault1';

describe('finding the ASR job behind an operation', () => {
  it('reads the job name from the operation status, operation result or job URL', () => {
    expect(jobNameFromLocations({ operationLocation: `${VAULT}/replicationOperationStatus/job-1?api-version=2023-06-01` })).toBe('job-1');
    expect(jobNameFromLocations({ resourceLocation: `${VAULT}/replicationOperationResults/job-2?api-version=2023-06-01` })).toBe('job-2');
    expect(jobNameFromLocations({ operationLocation: `${VAULT}/replicationJobs/job-3` })).toBe('job-3');
    expect(
      jobNameFromLocations({ operationLocation: 'https://management.azure.com/providers/Microsoft.Foo/operations/x' }),
    ).toBeUndefined();
  });

  it('takes the running job from currentScenario, ignoring the idle "None" scenario', () => {
    expect(runningJobName({ scenarioName: 'TestFailover', jobId: `${VAULT}/replicationJobs/2838f9b4` })).toBe('2838f9b4');
    expect(runningJobName({ scenarioName: 'None', jobId: `${VAULT}/replicationJobs/None` })).toBeUndefined();
    expect(runningJobName(undefined)).toBeUndefined();
  });

  it("a Suspended test failover job (waiting for its cleanup) is the test failover's success; any other suspended job is not", () => {
    expect(jobSucceeded({ properties: { state: 'Suspended', scenarioName: 'TestFailover' } })).toBe(true);
    expect(jobSucceeded({ properties: { state: 'Suspended', scenarioName: 'PlannedFailover' } })).toBe(false);
    expect(jobSucceeded({ properties: { state: 'Suspended', scenarioName: 'TestFailoverCleanup' } })).toBe(false);
    expect(jobSucceeded({ properties: { state: 'Succeeded', scenarioName: 'TestFailoverCleanup' } })).toBe(true);
  });

  it("a failed job becomes a final error with ASR's code and message", () => {
    const error = jobFailure({
      id: `${VAULT}/replicationJobs/job-9`,
      name: 'job-9',
      properties: {
        state: 'Failed',
        friendlyName: 'Test failover',
        errors: [
          {
            serviceErrorDetails: {
              code: '28031',
              message: 'The VM could not start in the test network.',
              recommendedAction: 'Check the VM size.',
            },
          },
        ],
      },
    });
    expect(error).toMatchObject({ code: '28031', retryable: false });
    expect(error.message).toContain('The VM could not start in the test network.');
    expect(error.message).toContain('Check the VM size.');
    expect(error.options.jobId).toBe(`${VAULT}/replicationJobs/job-9`);
  });

  it('falls back to task errors and provider errors', () => {
    const error = jobFailure({
      name: 'job-10',
      properties: {
        state: 'Failed',
        tasks: [{ errors: [{ providerErrorDetails: { errorCode: 539, errorMessage: 'Replica not found' } }] }],
      },
    });
    expect(error.code).toBe('ProviderError539');
    expect(error.message).toContain('Replica not found');
  });

  it('matches job scenarios to actions', () => {
    expect(scenarioMatches('testFailover', 'TestFailover')).toBe(true);
    expect(scenarioMatches('testFailover', 'TestFailoverCleanup')).toBe(false);
    expect(scenarioMatches('testFailoverCleanup', 'TestFailoverCleanup')).toBe(true);
    expect(scenarioMatches('disable:MigrationComplete', 'DisableDr')).toBe(true);
    expect(scenarioMatches('plannedFailover', 'UnplannedFailover')).toBe(false);
  });
});

describe('operation tokens', () => {
  const token = encodeOperationToken({
    action: 'testFailover',
    itemId: '/subscriptions/s/x/ITEM',
    poller: '{"state":{}}',
    submittedAt: 't',
  });

  it('resume only the action and item they were issued for', () => {
    expect(decodeOperationToken(token, 'testFailover', '/Subscriptions/s/x/item')?.poller).toBe('{"state":{}}');
    expect(decodeOperationToken(token, 'plannedFailover', '/subscriptions/s/x/ITEM')).toBeUndefined();
    expect(decodeOperationToken(token, 'testFailover', '/subscriptions/s/x/other')).toBeUndefined();
  });

  it('ignores garbage', () => {
    expect(decodeOperationToken('not json', 'testFailover', 'x')).toBeUndefined();
    expect(decodeOperationToken('{"v":2}', 'testFailover', 'x')).toBeUndefined();
    expect(decodeOperationToken(undefined, 'testFailover', 'x')).toBeUndefined();
  });
});
