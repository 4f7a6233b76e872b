import { createParser, type EventSourceMessage } from 'eventsource-parser';
import type { Api } from './api';

const RECONNECT_MS = 2_000;

/**
 * Follows a server-sent events route with fetch, so the bearer token travels in a header (EventSource cannot
 * send one, and a token must never be in a URL). Reconnects after a dropped stream until `signal` aborts;
 * stops after an `end` event (the migration ended) and on a 4xx answer (not signed in, no such migration),
 * which reconnecting would not mend.
 * `onConnected` tells whether a stream is open.
 */
export async function followEvents(
  api: Api,
  path: string,
  onEvent: (message: EventSourceMessage) => void,
  onConnected: (connected: boolean) => void,
  signal: AbortSignal,
): Promise<void> {
  let ended = false;
  while (!signal.aborted && !ended) {
    try {
      const response = await fetch(path, {
        headers: { authorization: api.authorization, accept: 'text/event-stream' },
        cache: 'no-store',
        credentials: 'omit',
        signal,
      });
      if (response.status >= 400 && response.status < 500) return;
      if (response.ok && response.body) {
        onConnected(true);
        const parser = createParser({
          onEvent: (message) => {
            if (message.event === 'end') ended = true;
            onEvent(message);
          },
        });
        const reader = response.body.pipeThrough(new TextDecoderStream()).getReader();
        for (;;) {
          const { done, value } = await reader.read();
          if (done) break;
          parser.feed(value);
        }
      }
    } catch {
      // A dropped connection: reconnect below, unless the page went away.
    } finally {
      onConnected(false);
    }
    if (ended) return;
    await new Promise<void>((resolve) => {
      const timer = setTimeout(resolve, RECONNECT_MS);
      signal.addEventListener('abort', () => (clearTimeout(timer), resolve()), { once: true });
    });
  }
}
