import { useRef, useState } from 'preact/hooks';
import type { MigrationStatus } from '../../common/migration-status';
import { allPages } from './api';
import type { Session } from './App';
import type { FleetItem } from './fleet';
import { ErrorLine } from './parts';
import { hrefOf } from './route';
import { awaitedDecisions, WAITING_STAGES, waitingRows, waitKey, type WaitingItem } from './rules';
import { duration, localTime, useNow, usePolling } from './time';
import { WaveWaitingList } from './WaveWaitingList';

const REFRESH_MS = 5_000;
/** Status reads at once, and at most per pass (each is a query to the migration's workflow, answered by its worker). */
const STATUS_READS_AT_ONCE = 4;
const MAX_STATUS_READS = 50;
/** A migration whose status did not answer (no worker polling its queue, say) is asked again after this. */
const RETRY_UNANSWERED_MS = 60_000;

/** Runs `fn` on each item, at most `atOnce` at a time. */
async function forEachAtMost<T>(items: readonly T[], atOnce: number, fn: (item: T) => Promise<void>): Promise<void> {
  const queue = [...items];
  const lane = async (): Promise<void> => {
    for (let item = queue.shift(); item !== undefined; item = queue.shift()) await fn(item);
  };
  await Promise.all(Array.from({ length: Math.min(atOnce, queue.length) }, lane));
}

/**
 * The decisions pending that the signed-in identity may take, oldest first, with how long each has waited.
 * The list comes from visibility at once; when each migration entered its stage is read from its status,
 * in the background and once per stage, so a migration that does not answer delays or hides no other.
 */
export function WaitingView({ session }: { session: Session }) {
  const now = useNow();
  const [items, setItems] = useState<WaitingItem[] | undefined>();
  const [error, setError] = useState<string | undefined>();
  const [, setReadCount] = useState(0);
  const since = useRef(new Map<string, string>());
  const unanswered = useRef(new Map<string, number>());
  const reading = useRef(false);
  const stages = WAITING_STAGES.filter((stage) => awaitedDecisions(session.me.decisions, stage).length > 0);

  const readMissing = async (found: WaitingItem[], signal: AbortSignal) => {
    const missing = found
      .filter(
        (item) => !since.current.has(waitKey(item)) && Date.now() - (unanswered.current.get(waitKey(item)) ?? 0) > RETRY_UNANSWERED_MS,
      )
      .slice(0, MAX_STATUS_READS);
    await forEachAtMost(missing, STATUS_READS_AT_ONCE, async (item) => {
      if (signal.aborted) return;
      try {
        const status = await session.api.get<MigrationStatus>(`/v1/migrations/${encodeURIComponent(item.machineId)}`, signal);
        const entered = status.stages.at(-1);
        if (entered) since.current.set(waitKey({ machineId: item.machineId, stage: entered.stage }), entered.enteredAt);
      } catch {
        unanswered.current.set(waitKey(item), Date.now());
      }
      setReadCount((count) => count + 1);
    });
  };

  usePolling(
    async (signal) => {
      try {
        const lists = await Promise.all(
          stages.map((stage) => allPages<FleetItem>(session.api, `/v1/migrations?stage=${stage}&pageSize=1000`, signal)),
        );
        const found = lists
          .flat()
          .flatMap((item): WaitingItem[] => (item.stage ? [{ machineId: item.machineId, stage: item.stage, wave: item.wave }] : []));
        setItems(found);
        setError(undefined);
        if (!reading.current) {
          reading.current = true;
          void readMissing(found, signal).finally(() => (reading.current = false));
        }
      } catch (failure) {
        if (!signal.aborted) setError((failure as Error).message);
      }
    },
    REFRESH_MS,
    [session.api],
  );
  const waiting = items && waitingRows(items, since.current, session.me.decisions);

  return (
    <section>
      <h1>Waiting for me</h1>
      <ErrorLine error={error} />
      {stages.length === 0 && (
        <p class="hint">Your roles ({session.me.roles.join(', ')}) take none of the decisions migrations wait for.</p>
      )}
      {waiting === undefined ? (
        stages.length > 0 && <p class="loading">Loading…</p>
      ) : waiting.length === 0 ? (
        <p class="hint">Nothing is waiting for you.</p>
      ) : (
        <table class="waiting">
          <thead>
            <tr>
              <th>Machine</th>
              <th>Waiting in</th>
              <th>Since</th>
              <th>Waited</th>
              <th>Your decisions</th>
              <th>Wave</th>
            </tr>
          </thead>
          <tbody>
            {waiting.map((item) => (
              <tr key={item.machineId} data-machine={item.machineId}>
                <td>
                  <a href={hrefOf({ view: 'migration', machineId: item.machineId })}>{item.machineId}</a>
                </td>
                <td>
                  <span class={`stage stage-${item.stage}`}>{item.stage}</span>
                </td>
                <td>{item.since ? localTime(item.since) : unanswered.current.has(waitKey(item)) ? 'no answer yet' : '…'}</td>
                <td class="waited">{item.since ? duration(now - Date.parse(item.since)) : ''}</td>
                <td>{item.decisions.map((decision) => decision.name).join(', ')}</td>
                <td>{item.wave}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
      <WaveWaitingList session={session} />
      <p class="hint">Refreshed every {REFRESH_MS / 1000} s.</p>
    </section>
  );
}
