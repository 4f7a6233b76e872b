import { useState } from 'preact/hooks';
import type { WaveDecisionRight } from '../../common/me';
import type { WaveStage } from '../../common/wave-stages';
import type { WaveStatus } from '../../common/wave-status';
import type { Session } from './App';
import { ErrorLine } from './parts';
import { hrefOf } from './route';
import { duration, localTime, useNow, usePolling } from './time';
import { awaitedWaveDecisions, WAVE_WAITING_STAGES } from './wave-rules';

const REFRESH_MS = 5_000;
/** Wave statuses read per pass (each is a query to the wave's workflow). */
const MAX_STATUS_READS = 20;

interface WaveRow {
  name: string;
  stage: WaveStage;
  since?: string;
  decisions: WaveDecisionRight[];
}

/** The waves waiting for a decision the signed-in identity may take, the longest waiting first ("waiting for me"). */
export function WaveWaitingList({ session }: { session: Session }) {
  const now = useNow();
  const [rows, setRows] = useState<WaveRow[] | undefined>();
  const [error, setError] = useState<string | undefined>();
  const stages = WAVE_WAITING_STAGES.filter((stage) => awaitedWaveDecisions(session.me.waveDecisions, stage).length > 0);

  usePolling(
    async (signal) => {
      if (stages.length === 0) return;
      try {
        const page = await session.api.get<{ waves: { name: string; stage?: WaveStage }[] }>(
          `/v1/waves?stage=${stages.join(',')}&pageSize=1000`,
          signal,
        );
        const statuses = await Promise.all(
          page.waves
            .slice(0, MAX_STATUS_READS)
            .map((wave) => session.api.get<WaveStatus>(`/v1/waves/${encodeURIComponent(wave.name)}`, signal).catch(() => undefined)),
        );
        const found = page.waves.map((wave, index): WaveRow => {
          const status = statuses[index];
          const stage = status?.stage ?? wave.stage!;
          return {
            name: wave.name,
            stage,
            since: status?.waitingFor?.since,
            decisions: awaitedWaveDecisions(session.me.waveDecisions, stage),
          };
        });
        setRows(
          found
            .filter((row) => row.decisions.length > 0)
            .sort((a, b) =>
              a.since && b.since ? Date.parse(a.since) - Date.parse(b.since) : a.since ? -1 : b.since ? 1 : a.name.localeCompare(b.name),
            ),
        );
        setError(undefined);
      } catch (failure) {
        if (!signal.aborted) setError((failure as Error).message);
      }
    },
    REFRESH_MS,
    [session.api],
  );

  if (stages.length === 0) return null;
  return (
    <>
      <h2>Waves</h2>
      <ErrorLine error={error} />
      {rows === undefined ? (
        <p class="loading">Loading…</p>
      ) : rows.length === 0 ? (
        <p class="hint">No wave is waiting for you.</p>
      ) : (
        <table class="waiting waves-waiting">
          <thead>
            <tr>
              <th>Wave</th>
              <th>Waiting in</th>
              <th>Since</th>
              <th>Waited</th>
              <th>Your decisions</th>
            </tr>
          </thead>
          <tbody>
            {rows.map((row) => (
              <tr key={row.name} data-wave={row.name}>
                <td>
                  <a href={hrefOf({ view: 'wave', name: row.name })}>{row.name}</a>
                </td>
                <td>
                  <span class={`stage stage-${row.stage}`}>{row.stage}</span>
                </td>
                <td>{localTime(row.since)}</td>
                <td class="waited">{row.since ? duration(now - Date.parse(row.since)) : ''}</td>
                <td>{row.decisions.map((decision) => decision.name).join(', ')}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </>
  );
}
