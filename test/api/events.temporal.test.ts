import type { AddressInfo } from 'node:net';
import { workflowIdFor } from '../../common/ids';
import { apiFor, bearer, callerAs, TEST_IDENTITIES } from '../support/api';
import { InMemorySiteRecovery } from '../support/in-memory-site-recovery';
import { HAPPY_PATH } from '../support/migration-harness';
import { waitUntil } from '../support/polling';
import { requestFor } from '../support/requests';
import { testConnection, withWorker, type TestConnection } from '../support/temporal';

interface ReceivedEvent {
  event: string;
  data: Record<string, unknown>;
}

/** Reads a text/event-stream to its end, handing each event to `onEvent` as it arrives. */
async function readEvents(response: Response, onEvent: (event: ReceivedEvent) => void): Promise<void> {
  const decoder = new TextDecoder();
  let buffered = '';
  for await (const chunk of response.body as unknown as AsyncIterable<Uint8Array>) {
    buffered += decoder.decode(chunk, { stream: true });
    let end: number;
    while ((end = buffered.indexOf('\n\n')) >= 0) {
      const block = buffered.slice(0, end);
      buffered = buffered.slice(end + 2);
      const field = (name: string) =>
        block
          .split('\n')
          .find((line) => line.startsWith(`${name}: `))
          ?.slice(name.length + 2);
      const event = field('event');
      if (event) onEvent({ event, data: JSON.parse(field('data') ?? 'null') });
    }
  }
}

describe('HTTP API: a migration as server-sent events, against the shared dev server', () => {
  let test: TestConnection;
  beforeAll(async () => {
    test = await testConnection();
  });
  afterAll(() => test.close());

  it('streams stages, progress and decisions as they happen, and ends with the migration', () =>
    withWorker({ siteRecovery: new InMemorySiteRecovery() }, async ({ taskQueue }) => {
      const app = await apiFor(test, taskQueue, { eventPollMs: 100 });
      try {
        const request = requestFor('hyperv-to-azure');
        expect((await callerAs(app, 'operator').inject({ method: 'POST', url: '/v1/migrations', payload: request })).statusCode).toBe(201);
        await app.listen({ host: '127.0.0.1', port: 0 });
        const base = `http://127.0.0.1:${(app.server.address() as AddressInfo).port}`;

        const anonymous = await fetch(`${base}/v1/migrations/${request.machineId}/events`);
        expect(anonymous.status).toBe(401);
        const missing = await fetch(`${base}/v1/migrations/no-such-machine/events`, { headers: bearer('viewer') });
        expect(missing.status).toBe(404);

        const response = await fetch(`${base}/v1/migrations/${request.machineId}/events`, { headers: bearer('viewer') });
        expect(response.status).toBe(200);
        expect(response.headers.get('content-type')).toMatch(/^text\/event-stream/);
        const events: ReceivedEvent[] = [];
        const ended = readEvents(response, (event) => events.push(event));

        const waiting = () => events.some((e) => e.event === 'stage' && e.data.stage === 'AwaitingTestApproval');
        await waitUntil('the stream to reach AwaitingTestApproval', () => events.length, waiting);
        const decide = (role: 'approver' | 'operator', decision: string, payload: object) =>
          callerAs(app, role).inject({ method: 'POST', url: `/v1/migrations/${request.machineId}/decisions/${decision}`, payload });
        expect((await decide('approver', 'approveTestFailover', { comment: 'looks good' })).statusCode).toBe(200);
        await waitUntil(
          'the stream to reach AwaitingFailoverApproval',
          () => events.length,
          () => events.some((e) => e.event === 'stage' && e.data.stage === 'AwaitingFailoverApproval'),
        );
        expect((await decide('operator', 'abortMigration', { reason: 'stream test over' })).statusCode).toBe(200);
        await ended;

        const stages = events.filter((e) => e.event === 'stage').map((e) => e.data.stage);
        expect(stages).toEqual([...HAPPY_PATH.slice(0, HAPPY_PATH.indexOf('AwaitingFailoverApproval') + 1), 'Aborting', 'Aborted']);
        // Progress is sent when it changes, never twice the same; replication ends in sync.
        const progress = events.filter((e) => e.event === 'progress').map((e) => `${e.data.percent}${e.data.stalled ? ' stalled' : ''}`);
        expect(progress.at(-1)).toBe('100');
        progress.slice(1).forEach((value, index) => expect(value).not.toBe(progress[index]));
        expect(events.filter((e) => e.event === 'decision').map((e) => [e.data.name, e.data.by, e.data.accepted])).toEqual([
          ['approveTestFailover', TEST_IDENTITIES.approver.name, true],
          ['abortMigration', TEST_IDENTITIES.operator.name, true],
        ]);
        expect(events.at(-1)).toEqual({ event: 'end', data: expect.objectContaining({ machineId: request.machineId, stage: 'Aborted' }) });

        // A stream still open when the server closes is ended by it, so closing does not wait for its caller.
        const running = requestFor('hyperv-to-azure');
        await callerAs(app, 'operator').inject({ method: 'POST', url: '/v1/migrations', payload: running });
        const open = await fetch(`${base}/v1/migrations/${running.machineId}/events`, { headers: bearer('viewer') });
        const first: ReceivedEvent[] = [];
        const openEnded = readEvents(open, (event) => first.push(event));
        await waitUntil(
          'the first event',
          () => first.length,
          (count) => count > 0,
        );
        await app.close();
        await openEnded;
        expect(first.map((e) => e.event)).not.toContain('end');
        await test.client.workflow.getHandle(workflowIdFor(running.machineId)).terminate('test over');
      } finally {
        await app.close();
      }
    }));
});
