import { setTimeout as sleep } from 'node:timers/promises';
import { TEMPORAL_WAIT_VARIABLE, type TemporalWait } from './temporal-connection';

/** Exit codes of a program that could not connect at start (sysexits.h), stable for supervisors and scripts. */
export const CONNECT_EXIT = {
  /** Temporal did not answer within the wait (EX_TEMPFAIL: try again later). */
  unreachable: 75,
  /** The settings are wrong: unknown host, TLS or credentials refused (EX_CONFIG: retrying will not help). */
  misconfigured: 78,
} as const;

/** Where the settings come from, for every message that asks the operator to change them. */
const CONNECTION_SETTINGS = 'TEMPORAL_ADDRESS / TEMPORAL_NAMESPACE / TEMPORAL_API_KEY / TEMPORAL_TLS* / TEMPORAL_PROFILE';

/** Not an outage: the address, TLS or the credentials are wrong, so waiting would only hide the mistake. */
export class TemporalMisconfiguredError extends Error {
  readonly exitCode = CONNECT_EXIT.misconfigured;
  constructor(target: string, problem: string, cause: unknown) {
    super(`Cannot connect to Temporal at ${target}: ${problem}: ${messageOf(cause)}\nCheck ${CONNECTION_SETTINGS}.`, { cause });
    this.name = 'TemporalMisconfiguredError';
  }
}

/** Temporal did not answer within the configured wait. */
export class TemporalUnreachableError extends Error {
  readonly exitCode = CONNECT_EXIT.unreachable;
  constructor(target: string, waitedMs: number, attempts: number, cause: unknown) {
    super(
      `Temporal at ${target} did not answer within ${formatSeconds(waitedMs)} (${attempts} attempt${attempts === 1 ? '' : 's'}): ` +
        `${reasonOf(cause)}\nStart it, set ${TEMPORAL_WAIT_VARIABLE} to wait longer ('forever' waits until it answers), ` +
        `or point ${CONNECTION_SETTINGS} at another server.`,
      { cause },
    );
    this.name = 'TemporalUnreachableError';
  }
}

/**
 * Errors that mean the settings are wrong, with what to say about them. Everything else (connection refused or
 * reset, timeouts, Unavailable, a temporary DNS failure) is an outage worth waiting for.
 */
export const UNKNOWN_HOST = 'the host name does not resolve (wrong address?)';

const MISCONFIGURATIONS: ReadonlyArray<{ problem: string; matches: (message: string, code: unknown) => boolean }> = [
  {
    problem: UNKNOWN_HOST,
    matches: (message) => /dns error|failed to lookup address|ENOTFOUND/i.test(message) && !/temporary failure|EAI_AGAIN/i.test(message),
  },
  {
    problem: 'the TLS handshake failed (TLS on for a plaintext server, or a certificate not trusted?)',
    matches: (message) =>
      /InvalidData|InvalidMessage|InvalidCertificate|UnknownIssuer|AlertReceived|certificate|handshake|\btls\b|\bssl\b/i.test(message),
  },
  {
    problem: 'the server refused the credentials (API key or client certificate)',
    // gRPC status 16 Unauthenticated and 7 PermissionDenied, as the client's ServiceError or the worker's TransportError.
    matches: (message, code) =>
      code === 16 || code === 7 || /authentication credentials|does not have permission|unauthenticated|permission.?denied/i.test(message),
  },
];

/** What is wrong with the settings if `error` says they are, else undefined (an outage). */
export function misconfigurationIn(error: unknown): string | undefined {
  const message = messageOf(error);
  const code = (error as { code?: unknown } | undefined)?.code;
  return MISCONFIGURATIONS.find(({ matches }) => matches(message, code))?.problem;
}

export interface WaitForTemporalOptions {
  /** Where the settings point, without secrets (describeConnection), for messages. */
  target: string;
  wait: TemporalWait;
  /** One line per failed attempt: what it waits for and which settings to change. */
  log: (line: string) => void;
  /** Aborted on Ctrl-C / SIGTERM: the wait stops at once, rejecting with the signal's reason. */
  signal?: AbortSignal;
  /** First delay, doubled after each attempt up to the cap; each delay is jittered by ±20 % so restarted workers spread out. */
  backoff?: { initialMs: number; maxMs: number };
}

export const DEFAULT_BACKOFF = { initialMs: 500, maxMs: 15_000 };

/**
 * Connects, retrying with capped exponential backoff while Temporal is down (an outage) for as long as `wait`
 * allows. A misconfiguration fails at once (TemporalMisconfiguredError), and so does the end of the wait
 * (TemporalUnreachableError).
 */
export async function waitForTemporal<C extends { close(): Promise<void> }>(
  connect: () => Promise<C>,
  options: WaitForTemporalOptions,
): Promise<C> {
  const { target, wait, log, signal } = options;
  const { initialMs, maxMs } = options.backoff ?? DEFAULT_BACKOFF;
  const startedAt = Date.now();
  for (let attempt = 1; ; attempt++) {
    signal?.throwIfAborted();
    let failure: unknown;
    try {
      return await unlessAborted(connect(), signal);
    } catch (error) {
      if (signal?.aborted) throw signal.reason;
      failure = error;
    }
    const problem = misconfigurationIn(failure);
    if (problem) throw new TemporalMisconfiguredError(target, problem, failure);

    const waited = Date.now() - startedAt;
    const remaining = wait === 'forever' ? Infinity : wait - waited;
    if (remaining <= 0) throw new TemporalUnreachableError(target, waited, attempt, failure);
    const delay = Math.min(remaining, jitter(Math.min(maxMs, initialMs * 2 ** (attempt - 1))));
    const limit =
      wait === 'forever'
        ? `waiting until it answers (${TEMPORAL_WAIT_VARIABLE} limits the wait)`
        : `giving up in ${formatSeconds(remaining)} (${TEMPORAL_WAIT_VARIABLE})`;
    log(
      `waiting for Temporal at ${target}: ${reasonOf(failure)}; attempt ${attempt}, next in ${formatSeconds(delay)}, ${limit}. ` +
        `Another server: ${CONNECTION_SETTINGS}.`,
    );
    await sleep(delay, undefined, { signal }).catch(() => {
      throw signal!.reason;
    });
  }
}

/** The attempt, or the abort if that comes first; a connection that arrives after the abort is closed. */
function unlessAborted<C extends { close(): Promise<void> }>(attempt: Promise<C>, signal: AbortSignal | undefined): Promise<C> {
  if (!signal) return attempt;
  return new Promise<C>((resolve, reject) => {
    const onAbort = () => {
      reject(signal.reason);
      attempt
        .then(
          (late) => late.close(),
          () => undefined,
        )
        .catch(() => undefined);
    };
    signal.addEventListener('abort', onAbort, { once: true });
    attempt.then(resolve, reject).finally(() => signal.removeEventListener('abort', onAbort));
  });
}

function jitter(ms: number): number {
  return Math.round(ms * (0.8 + Math.random() * 0.4));
}

function formatSeconds(ms: number): string {
  return `${(ms / 1000).toFixed(ms < 10_000 ? 1 : 0)} s`;
}

/** The OS's words in a worker transport error (e.g. "Connection refused"), which repeats on every attempt; else the message. */
function reasonOf(error: unknown): string {
  const message = messageOf(error);
  if (!message.startsWith('tonic::transport::Error')) return message;
  return /message: "([^"]+)"/.exec(message)?.[1] ?? /error: "([^"]+)"/.exec(message)?.[1] ?? message;
}

function messageOf(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
