import type { MigrationRequest } from '../../common/migration-request';
import { startEmulator, type EmulatorOptions, type RunningEmulator } from '../../emulator';
import { createSiteRecovery } from '../../site-recovery/create-site-recovery';
import type { DisasterRecovery } from '../../site-recovery/disaster-recovery';
import type { OperationContext, SiteRecovery } from '../../site-recovery/site-recovery';

/** An emulator fast enough for tests: a 120 s ASR job takes about a millisecond. */
export async function startTestEmulator(options: EmulatorOptions = {}): Promise<RunningEmulator> {
  return startEmulator({ timeScale: 100_000, ...options });
}

/** The adapter pointed at the emulator exactly as a worker would be: https, static token, the emulator's CA only. */
export function adapterFor(
  emulator: RunningEmulator,
  overrides: { maxRetries?: number; pollIntervalMs?: number; apiVersion?: string } = {},
): SiteRecovery & DisasterRecovery {
  return createSiteRecovery({
    endpoint: emulator.url,
    credential: { mode: 'static-token', token: 'test-token' },
    caCertificatePem: emulator.certificatePem,
    pollIntervalMs: overrides.pollIntervalMs ?? 20,
    maxRetries: overrides.maxRetries ?? 3,
    apiVersion: overrides.apiVersion,
  });
}

/** An OperationContext that records what the adapter reported. */
export function recordingOp(resumeFrom?: string): OperationContext & { tokens: string[]; progressCalls: number } {
  const op = {
    resumeFrom,
    tokens: [] as string[],
    progressCalls: 0,
    onSubmitted(token: string) {
      op.tokens.push(token);
    },
    onProgress() {
      op.progressCalls += 1;
    },
  };
  return op;
}

/** An attempt whose worker dies right after ARM accepted the operation. */
export function crashingOp() {
  const abort = new AbortController();
  const op = recordingOp();
  const onSubmitted = op.onSubmitted;
  op.onSubmitted = (token: string) => {
    onSubmitted(token);
    abort.abort();
  };
  return Object.assign(op, { abortSignal: abort.signal });
}

/** Requests of one swagger operation that the emulator handled (throttled ones excluded). */
export function handled(emulator: RunningEmulator, operation: string, item?: string) {
  return emulator
    .requestLog()
    .filter((entry) => entry.operation === operation && !entry.fault && (!item || entry.resourceId?.endsWith(`/${item.toLowerCase()}`)));
}

/** Moves virtual time until the item's initial replication completes. */
export async function untilProtected(emulator: RunningEmulator, adapter: SiteRecovery, request: MigrationRequest) {
  const { replicatedItemRefFor } = await import('../../site-recovery/site-recovery');
  for (let i = 0; i < 50; i++) {
    const snapshot = await adapter.getReplication(replicatedItemRefFor(request));
    if (snapshot.initialSyncComplete) return snapshot;
    emulator.advanceClock(3600);
  }
  throw new Error(`${request.machineId} never finished its initial replication`);
}

/** Runs `work` while the emulator's virtual clock moves on quickly (`stepSeconds` every 10 ms), so its jobs end without real waiting. */
export async function whileClockRuns<T>(emulator: RunningEmulator, work: () => Promise<T>, stepSeconds = 120): Promise<T> {
  const ticker = setInterval(() => emulator.advanceClock(stepSeconds), 10);
  try {
    return await work();
  } finally {
    clearInterval(ticker);
  }
}
