import { temporalWaitFromEnv } from '../../config/temporal-connection';
import { misconfigurationIn, TemporalUnreachableError, waitForTemporal } from '../../config/wait-for-temporal';

/** Messages as the worker's NativeConnection reports them (SDK 1.24), and the client's gRPC status codes. */
const REFUSED =
  'tonic::transport::Error(Transport, ConnectError(ConnectError("tcp connect error", 127.0.0.1:1, Os { code: 111, kind: ConnectionRefused, message: "Connection refused" })))';
const NO_SUCH_HOST =
  'tonic::transport::Error(Transport, ConnectError(ConnectError("dns error", Custom { kind: Uncategorized, error: "failed to lookup address information: Name or service not known" })))';
const DNS_DOWN =
  'tonic::transport::Error(Transport, ConnectError(ConnectError("dns error", Custom { kind: Uncategorized, error: "failed to lookup address information: Temporary failure in name resolution" })))';
const TLS_MISMATCH =
  'tonic::transport::Error(Transport, ConnectError(Custom { kind: InvalidData, error: InvalidMessage(InvalidContentType) }))';
const BAD_KEY = `Failed to call GetSystemInfo: code: 'The request does not have valid authentication credentials', message: "invalid API key"`;
const STARTING = `Failed to call GetSystemInfo: code: 'The service is currently unavailable', message: "starting"`;

describe('waiting for Temporal at start (config/wait-for-temporal.ts)', () => {
  it('tells an outage (wait) from a misconfiguration (fail at once)', () => {
    expect(misconfigurationIn(new Error(REFUSED))).toBeUndefined();
    expect(misconfigurationIn(new Error(DNS_DOWN))).toBeUndefined();
    expect(misconfigurationIn(new Error(STARTING))).toBeUndefined();
    expect(misconfigurationIn(new Error(NO_SUCH_HOST))).toMatch(/does not resolve/);
    expect(misconfigurationIn(new Error(TLS_MISMATCH))).toMatch(/TLS handshake failed/);
    expect(misconfigurationIn(new Error(BAD_KEY))).toMatch(/refused the credentials/);
    expect(misconfigurationIn(Object.assign(new Error('16 UNAUTHENTICATED: bad key'), { code: 16 }))).toMatch(/refused the credentials/);
    expect(misconfigurationIn(Object.assign(new Error('7 PERMISSION_DENIED: no'), { code: 7 }))).toMatch(/refused the credentials/);
  });

  it('retries an outage with a line per attempt, then gives up with the setting to change', async () => {
    const lines: string[] = [];
    let attempts = 0;
    const failing = waitForTemporal(
      async () => {
        attempts++;
        throw new Error(REFUSED);
      },
      // A second attempt comes 10 ms after the first: the wait leaves room for a loaded machine's pause in between.
      { target: 'here:1', wait: 1_000, log: (line) => lines.push(line), backoff: { initialMs: 10, maxMs: 40 } },
    );
    await expect(failing).rejects.toThrow(TemporalUnreachableError);
    await expect(failing).rejects.toThrow(/did not answer within .*SITESHIFT_TEMPORAL_WAIT_SECONDS/s);
    expect(attempts).toBeGreaterThanOrEqual(2);
    expect(lines).toHaveLength(attempts - 1);
    expect(lines[0]).toMatch(
      /^waiting for Temporal at here:1: .*Connection refused.*attempt 1, next in .*SITESHIFT_TEMPORAL_WAIT_SECONDS.*TEMPORAL_ADDRESS/,
    );
  });

  it('returns the connection once the server answers', async () => {
    let attempts = 0;
    const connection = { close: async () => undefined };
    const connected = await waitForTemporal(
      async () => {
        if (++attempts < 3) throw new Error(REFUSED);
        return connection;
      },
      { target: 'here:1', wait: 'forever', log: () => undefined, backoff: { initialMs: 1, maxMs: 1 } },
    );
    expect(connected).toBe(connection);
    expect(attempts).toBe(3);
  });

  it('reads SITESHIFT_TEMPORAL_WAIT_SECONDS: seconds, 0 or forever; anything else names the variable', () => {
    expect(temporalWaitFromEnv({}, 'forever')).toBe('forever');
    expect(temporalWaitFromEnv({}, 30_000)).toBe(30_000);
    expect(temporalWaitFromEnv({ SITESHIFT_TEMPORAL_WAIT_SECONDS: '2.5' }, 'forever')).toBe(2_500);
    expect(temporalWaitFromEnv({ SITESHIFT_TEMPORAL_WAIT_SECONDS: '0' }, 'forever')).toBe(0);
    expect(temporalWaitFromEnv({ SITESHIFT_TEMPORAL_WAIT_SECONDS: 'forever' }, 30_000)).toBe('forever');
    expect(() => temporalWaitFromEnv({ SITESHIFT_TEMPORAL_WAIT_SECONDS: 'soon' }, 'forever')).toThrow(
      "SITESHIFT_TEMPORAL_WAIT_SECONDS must be a number of seconds (0: do not wait) or 'forever', got 'soon'.",
    );
  });
});
