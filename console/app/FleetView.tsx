import { useState } from 'preact/hooks';
import { STAGES } from '../../common/stages';
import { allPages } from './api';
import type { Session } from './App';
import { countByStage, distinct, NORMAL_PATH, stepOf, type FleetItem } from './fleet';
import { ErrorLine, FilterSelect } from './parts';
import { hrefOf } from './route';
import { localTime, usePolling } from './time';

const REFRESH_MS = 5_000;

/** Every migration with its stage, scenario, wave and place on the normal path; counts by stage; filters. */
export function FleetView({ session }: { session: Session }) {
  const [items, setItems] = useState<FleetItem[] | undefined>();
  const [error, setError] = useState<string | undefined>();
  const [stage, setStage] = useState('');
  const [wave, setWave] = useState('');
  const [scenario, setScenario] = useState('');
  const [search, setSearch] = useState('');

  usePolling(
    async (signal) => {
      try {
        setItems(await allPages<FleetItem>(session.api, '/v1/migrations?pageSize=1000', signal));
        setError(undefined);
      } catch (failure) {
        if (!signal.aborted) setError((failure as Error).message);
      }
    },
    REFRESH_MS,
    [session.api],
  );

  const all = items ?? [];
  // Counts follow every filter but the stage one, so that they say what a stage filter would show.
  const unstaged = all.filter(
    (item) => (!wave || item.wave === wave) && (!scenario || item.scenario === scenario) && item.machineId.includes(search.trim()),
  );
  const shown = unstaged.filter((item) => !stage || item.stage === stage);
  const counts = countByStage(unstaged);

  return (
    <section>
      <h1>Fleet</h1>
      <ErrorLine error={error} />
      <ul class="counts" aria-label="Migrations by stage">
        {[...STAGES, 'Unknown' as const]
          .filter((name) => counts.has(name))
          .map((name) => (
            <li key={name}>
              <button type="button" aria-pressed={stage === name} onClick={() => setStage(stage === name ? '' : name)}>
                <span class="stage-name">{name}</span> <span class="count">{counts.get(name)}</span>
              </button>
            </li>
          ))}
      </ul>
      <form class="filters" onSubmit={(event) => event.preventDefault()}>
        <FilterSelect label="Stage" value={stage} options={STAGES} onChange={setStage} />
        <FilterSelect label="Wave" value={wave} options={distinct(all.map((item) => item.wave))} onChange={setWave} />
        <FilterSelect label="Scenario" value={scenario} options={distinct(all.map((item) => item.scenario))} onChange={setScenario} />
        <label>
          Machine
          <input name="search" type="search" value={search} onInput={(event) => setSearch(event.currentTarget.value)} />
        </label>
      </form>
      {items === undefined ? (
        <p class="loading">Loading…</p>
      ) : (
        <table class="fleet">
          <thead>
            <tr>
              <th>Machine</th>
              <th>Stage</th>
              <th>Progress</th>
              <th>Scenario</th>
              <th>Wave</th>
              <th>Started</th>
            </tr>
          </thead>
          <tbody>
            {shown.map((item) => {
              const step = stepOf(item.stage);
              return (
                <tr key={item.machineId} data-machine={item.machineId}>
                  <td>
                    <a href={hrefOf({ view: 'migration', machineId: item.machineId })}>{item.machineId}</a>
                  </td>
                  <td>
                    <span class={`stage stage-${item.stage ?? 'Unknown'}`}>{item.stage ?? item.executionStatus}</span>
                  </td>
                  <td>
                    {step !== undefined && (
                      <progress max={NORMAL_PATH.length} value={step} title={`stage ${step} of ${NORMAL_PATH.length}`} />
                    )}
                  </td>
                  <td>{item.scenario}</td>
                  <td>{item.wave && <a href={hrefOf({ view: 'wave', name: item.wave })}>{item.wave}</a>}</td>
                  <td>{localTime(item.startTime)}</td>
                </tr>
              );
            })}
          </tbody>
        </table>
      )}
      <p class="hint">
        {shown.length} of {all.length} migrations shown; refreshed every {REFRESH_MS / 1000} s.
      </p>
    </section>
  );
}
