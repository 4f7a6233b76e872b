import { useState } from 'preact/hooks';
import type { WaveStatus } from '../../common/wave-status';
import { FINAL_WAVE_STAGES } from '../../common/wave-stages';
import { ApiError } from './api';
import type { Session } from './App';
import { DecisionFormFor } from './DecisionForm';
import { DecisionLog } from './DecisionLog';
import { ErrorLine } from './parts';
import { hrefOf } from './route';
import { whyDisabled } from './rules';
import { duration, localTime, useNow, usePolling } from './time';
import { WAVE_DECISION_LABELS } from './wave-rules';

const REFRESH_MS = 2_000;

/** A wave's page: its groups with each machine's stage, counts, what it waits for and since when, its decisions (forms and log). */
export function WaveView({ session, name }: { session: Session; name: string }) {
  const now = useNow();
  const [status, setStatus] = useState<WaveStatus | undefined>();
  const [error, setError] = useState<string | undefined>();
  const path = `/v1/waves/${encodeURIComponent(name)}`;

  usePolling(
    async (signal) => {
      try {
        setStatus(await session.api.get<WaveStatus>(path, signal));
        setError(undefined);
      } catch (failure) {
        if (signal.aborted) return;
        setError(failure instanceof ApiError && failure.problem.status === 404 ? `No wave named ${name}.` : (failure as Error).message);
      }
    },
    REFRESH_MS,
    [session.api, path],
  );

  if (!status) {
    return (
      <section>
        <h1>Wave {name}</h1>
        {error ? <ErrorLine error={error} /> : <p class="loading">Loading…</p>}
      </section>
    );
  }

  const ended = FINAL_WAVE_STAGES.includes(status.stage);
  return (
    <section class="wave">
      <h1>Wave {status.name}</h1>
      <p class="summary">
        <span class={`stage stage-${status.stage}`} data-testid="wave-stage">
          {status.stage}
        </span>{' '}
        since {localTime(status.since)} · failure policy {status.failurePolicy} · {status.replicationConcurrency} sync(s) at once · run{' '}
        {status.run}
      </p>
      {status.waitingFor && (
        <p data-testid="waiting-for">
          Waiting for <strong>{status.waitingFor.what}</strong> since {localTime(status.waitingFor.since)} (
          {duration(now - Date.parse(status.waitingFor.since))})
        </p>
      )}
      <ErrorLine error={error} />
      <p data-testid="wave-counts">
        {Object.entries(status.counts)
          .map(([stage, count]) => `${stage} ${count}`)
          .join(' · ') || 'No machine yet.'}
      </p>

      <div class="columns">
        <div>
          {status.groups.map((group, index) => {
            const done = group.machines.filter((m) => m.stage === 'Completed').length;
            return (
              <div key={group.name} class="wave-group" data-group={group.name}>
                <h2>
                  {index + 1}. {group.name} <span class={`stage stage-${group.state}`}>{group.state}</span>
                </h2>
                <p>
                  <progress max={group.machines.length} value={done} /> {done} of {group.machines.length} completed
                  {group.multiVmGroupName && <> · multi-VM group: {group.multiVmGroupName}</>}
                  {group.manualAction && <> · manual action: {group.manualAction}</>}
                </p>
                <table class="wave-machines">
                  <thead>
                    <tr>
                      <th>Machine</th>
                      <th>Stage</th>
                      <th>Since</th>
                      <th>Error</th>
                    </tr>
                  </thead>
                  <tbody>
                    {group.machines.map((machine) => (
                      <tr key={machine.machineId} data-machine={machine.machineId}>
                        <td>
                          <a href={hrefOf({ view: 'migration', machineId: machine.machineId })}>{machine.machineId}</a>
                        </td>
                        <td>
                          <span class={`stage stage-${machine.stage}`}>{machine.stage}</span>
                        </td>
                        <td>{localTime(machine.since)}</td>
                        <td>{machine.error && `${machine.error.code}: ${machine.error.message}`}</td>
                      </tr>
                    ))}
                  </tbody>
                </table>
              </div>
            );
          })}
          {status.lastError && (
            <p class="error" data-testid="last-error">
              <code>{status.lastError.code}</code> at {localTime(status.lastError.at)}: {status.lastError.message}
            </p>
          )}
          {status.notes.length > 0 && (
            <ul>
              {status.notes.map((note, index) => (
                <li key={index}>{note}</li>
              ))}
            </ul>
          )}
        </div>

        <div>
          <h2>Decide</h2>
          {ended ? (
            <p class="hint">This wave has ended: no decision applies any more.</p>
          ) : (
            <div class="decisions">
              {session.me.waveDecisions.map((right) => (
                <DecisionFormFor<WaveStatus>
                  key={right.name}
                  api={session.api}
                  right={right}
                  label={WAVE_DECISION_LABELS[right.name] ?? right.name}
                  url={`${path}/decisions/${right.name}`}
                  disabledBecause={whyDisabled(right, status)}
                  onDecided={setStatus}
                />
              ))}
            </div>
          )}
        </div>
      </div>

      <h2>Decision log</h2>
      <DecisionLog decisions={status.decisions} />
      <p class="hint">Refreshed every {REFRESH_MS / 1000} s.</p>
    </section>
  );
}
