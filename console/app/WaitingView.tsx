import { useRef, useState } from 'preact/hooks';
import type { DecisionRight } from '../../common/me';
import type { MigrationStatus } from '../../common/migration-status';
import type { Stage } from '../../common/stages';
import { allPages } from './api';
import type { Session } from './App';
import type { FleetItem } from './fleet';
import { ErrorLine } from './parts';
import { hrefOf } from './route';
import { awaitedDecisions, WAITING_STAGES } from './rules';
import { duration, localTime, useNow, usePolling } from './time';

const REFRESH_MS = 5_000;
/** Statuses read at most per refresh (each is a query to the migration's workflow). */
const MAX_STATUS_READS = 100;

interface Waiting {
  machineId: string;
  stage: Stage;
  wave?: string;
  since: string;
  decisions: DecisionRight[];
}

/** The decisions pending that the signed-in identity may take, oldest first, with how long each has waited. */
export function WaitingView({ session }: { session: Session }) {
  const now = useNow();
  const [waiting, setWaiting] = useState<Waiting[] | undefined>();
  const [error, setError] = useState<string | undefined>();
  // When each migration entered its waiting stage, by machine and stage: read once from its status.
  const since = useRef(new Map<string, string>());
  const stages = WAITING_STAGES.filter((stage) => awaitedDecisions(session.me.decisions, stage).length > 0);

  usePolling(
    async (signal) => {
      try {
        const lists = await Promise.all(
          stages.map((stage) => allPages<FleetItem>(session.api, `/v1/migrations?stage=${stage}&pageSize=1000`, signal)),
        );
        const items = lists.flat().filter((item) => item.stage !== undefined);
        const unknown = items.filter((item) => !since.current.has(`${item.machineId}/${item.stage}`)).slice(0, MAX_STATUS_READS);
        await Promise.all(
          unknown.map(async (item) => {
            const status = await session.api.get<MigrationStatus>(`/v1/migrations/${encodeURIComponent(item.machineId)}`, signal);
            const entered = status.stages.at(-1);
            if (entered) since.current.set(`${item.machineId}/${entered.stage}`, entered.enteredAt);
          }),
        );
        setWaiting(
          items
            .flatMap((item) => {
              const enteredAt = since.current.get(`${item.machineId}/${item.stage}`);
              return enteredAt
                ? [
                    {
                      machineId: item.machineId,
                      stage: item.stage!,
                      wave: item.wave,
                      since: enteredAt,
                      decisions: awaitedDecisions(session.me.decisions, item.stage!),
                    },
                  ]
                : [];
            })
            .sort((a, b) => a.since.localeCompare(b.since)),
        );
        setError(undefined);
      } catch (failure) {
        if (!signal.aborted) setError((failure as Error).message);
      }
    },
    REFRESH_MS,
    [session.api],
  );

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
                <td>{localTime(item.since)}</td>
                <td class="waited">{duration(now - Date.parse(item.since))}</td>
                <td>{item.decisions.map((decision) => decision.name).join(', ')}</td>
                <td>{item.wave}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
      <p class="hint">Refreshed every {REFRESH_MS / 1000} s.</p>
    </section>
  );
}
