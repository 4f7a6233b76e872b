import { readFileSync } from 'node:fs';
import path from 'node:path';
import { replayHistory } from '../support/temporal';

/**
 * A migration validates its request again on every replay, with the rules it was started under
 * (patched('strict-request-objects')): what the earlier rules accepted must keep replaying.
 */
const HISTORIES = path.join(__dirname, '..', 'workflows', 'histories');

type History = { events: { workflowExecutionStartedEventAttributes?: { input: { payloads: { data: string }[] } } }[] };

/** The recorded history, as if its migration had been started with `change(request)`. */
function startedWith(file: string, change: (request: Record<string, any>) => Record<string, unknown>): History {
  const history = JSON.parse(readFileSync(path.join(HISTORIES, file), 'utf8')) as History;
  const payload = history.events[0].workflowExecutionStartedEventAttributes!.input.payloads[0];
  const request = JSON.parse(Buffer.from(payload.data, 'base64').toString('utf8'));
  payload.data = Buffer.from(JSON.stringify(change(request))).toString('base64');
  return history;
}

describe('requests of migrations started before nested objects were strict', () => {
  it.each(['v1-completed-with-retest.json', 'v2-completed-with-retest.json', 'v2-aborted-awaiting-test-approval.json'])(
    '%s replays though its request misspelled nested keys and held a control character',
    async (file) => {
      const history = startedWith(file, (request) => ({
        ...request,
        displayName: 'tab\there',
        approval: { ...request.approval, approver: ['ana'] },
        failover: { ...request.failover, shutdownsource: false },
        target: { ...request.target, vmsize: 'Standard_D2s_v3' },
      }));
      await expect(replayHistory(history)).resolves.toBeUndefined();
    },
  );
});
