import type { RunningEmulator } from '../../emulator';
import { replicatedItemRefFor, SiteRecoveryError, type SiteRecovery } from '../../site-recovery/site-recovery';
import { adapterFor, handled, recordingOp, startTestEmulator, untilProtected } from '../support/emulator-fixture';
import { sampleExpectation, sampleRequest } from '../support/samples';

let emulator: RunningEmulator;
let adapter: SiteRecovery;

beforeAll(async () => {
  emulator = await startTestEmulator();
  adapter = adapterFor(emulator);
});
afterEach(() => emulator.setFaults({}));
afterAll(() => emulator?.stop());

describe('errors keep what ARM and ASR said', () => {
  it('a refused request keeps its ARM code and message and is final', async () => {
    const name = 'misconfigured-unknown-process-server';
    const error = await adapter.enableReplication(sampleRequest(name), recordingOp()).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(SiteRecoveryError);
    expect(error).toMatchObject({ code: sampleExpectation(name).errorCode, retryable: false, options: { statusCode: 400 } });
    expect((error as Error).message).toMatch(/Process server .* is not registered/);
  });

  it("an accepted request whose ASR job fails reports the job's error, final, with the job id", async () => {
    const name = 'misconfigured-agent-install-fails';
    const error = await adapter.enableReplication(sampleRequest(name), recordingOp()).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(SiteRecoveryError);
    expect(error).toMatchObject({ code: sampleExpectation(name).errorCode, retryable: false });
    expect((error as SiteRecoveryError).options.jobId).toMatch(/\/replicationJobs\/[^/]+$/);
    expect(handled(emulator, 'ReplicationProtectedItems_Create', sampleRequest(name).machineId)).toHaveLength(1);
  });

  it('a failover while a test failover is active is refused as ASR refuses it', async () => {
    const request = sampleRequest('aws');
    await adapter.enableReplication(request, recordingOp());
    await untilProtected(emulator, adapter, request);
    await adapter.testFailover(request, recordingOp());
    const error = await adapter.failOver(request, recordingOp()).catch((e: unknown) => e);
    expect(error).toMatchObject({ code: 'TestFailoverInProgress', retryable: false, options: { statusCode: 409 } });
    expect(handled(emulator, 'ReplicationProtectedItems_UnplannedFailover', request.machineId)).toHaveLength(1);
  });

  it("a failed test failover job surfaces ASR's code and message", async () => {
    const request = sampleRequest('azure');
    await adapter.enableReplication(request, recordingOp());
    await untilProtected(emulator, adapter, request);
    emulator.setFaults({
      failingJobs: [
        { item: request.machineId, scenario: 'TestFailover', code: '28092', message: 'The test network has no free IP address.' },
      ],
    });
    const error = await adapter.testFailover(request, recordingOp()).catch((e: unknown) => e);
    expect(error).toMatchObject({ code: '28092', retryable: false });
    expect((error as Error).message).toContain('The test network has no free IP address.');
  });

  it('removing replication twice removes once and then reports nothing was there', async () => {
    const request = sampleRequest('physical-app');
    const ref = replicatedItemRefFor(request);
    await adapter.enableReplication(request, recordingOp());
    expect(await adapter.removeReplication(ref, recordingOp())).toEqual({ removed: true });
    expect(await adapter.removeReplication(ref, recordingOp())).toEqual({ removed: false });
    const reasons = Object.values(emulator.state().jobs)
      .filter((job) => job.itemName === request.machineId && job.scenario === 'DisableDr')
      .map((job) => job.details.DisableProtectionReason);
    expect(reasons).toEqual(['NotSpecified']);
  });
});

describe('throttling and unavailability', () => {
  it('rides out a 429 storm inside the SDK pipeline, honouring Retry-After', async () => {
    const request = sampleRequest('hyperv-vmm');
    emulator.setFaults({ throttling: { nextRequests: 2, status: 429, retryAfterSeconds: 1 } });
    const started = Date.now();
    const report = await adapter.preflight(request);
    expect(Date.now() - started).toBeGreaterThanOrEqual(1900);
    expect(report.checks.every((check) => check.ok)).toBe(true);
    expect(emulator.requestLog().filter((entry) => entry.fault === 'throttled')).toHaveLength(2);
  });

  it("past the pipeline's retries, a 429 is a retryable error carrying Retry-After", async () => {
    const impatient = adapterFor(emulator, { maxRetries: 0 });
    emulator.setFaults({ throttling: { nextRequests: 1, status: 429, retryAfterSeconds: 7 } });
    const error = await impatient.preflight(sampleRequest('hyperv-site')).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(SiteRecoveryError);
    expect(error).toMatchObject({ code: 'TooManyRequests', retryable: true, options: { statusCode: 429, retryAfterMs: 7000 } });
  });

  it('a 503 is retryable', async () => {
    const impatient = adapterFor(emulator, { maxRetries: 0 });
    emulator.setFaults({ throttling: { nextRequests: 1, status: 503, retryAfterSeconds: 2 } });
    const error = await impatient.getReplication(replicatedItemRefFor(sampleRequest('vmware-db'))).catch((e: unknown) => e);
    expect(error).toMatchObject({ code: 'ServiceUnavailable', retryable: true, options: { statusCode: 503, retryAfterMs: 2000 } });
  });

  it('an unreachable endpoint is retryable', async () => {
    const gone = await startTestEmulator();
    const impatient = adapterFor(gone, { maxRetries: 0 });
    await gone.stop();
    const error = await impatient.getReplication(replicatedItemRefFor(sampleRequest('vmware-db'))).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(SiteRecoveryError);
    expect(error).toMatchObject({ retryable: true });
  });

  it("trusts the emulator's certificate only when it is configured", async () => {
    const { createSiteRecovery } = await import('../../site-recovery/create-site-recovery');
    const untrusting = createSiteRecovery({ endpoint: emulator.url, credential: { mode: 'static-token', token: 't' }, maxRetries: 0 });
    const error = await untrusting.getReplication(replicatedItemRefFor(sampleRequest('vmware-db'))).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(SiteRecoveryError);
    expect((error as Error).message).toMatch(/certificate/i);
  });
});
