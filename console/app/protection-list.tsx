import { useState } from 'preact/hooks';
import type { ProtectionStatus } from '../../common/protection-status';
import type { Session } from './App';
import { ErrorLine } from './parts';
import { hrefOf } from './route';
import { localTime, usePolling } from './time';

const REFRESH_MS = 5_000;
/** Statuses read per refresh (one query each): the newest running protections first. */
const MAX_STATUS_READS = 200;

interface ProtectionItem {
  machineId: string;
  stage?: string;
  scenario?: string;
  executionStatus: string;
  startTime: string;
}

/** Replication health, RPO and its threshold, as one protection's row shows them. */
export function HealthCells({ status }: { status: ProtectionStatus | undefined }) {
  const health = status?.health;
  if (!health) return <td colSpan={2}>{status ? 'not read yet' : ''}</td>;
  return (
    <>
      <td>
        <span class={`health health-${health.replicationHealth}`}>{health.replicationHealth}</span>
      </td>
      <td class={health.rpoExceeded ? 'error' : undefined}>
        {health.rpoSeconds ?? '?'} s (threshold {health.rpoThresholdSeconds} s{health.rpoExceeded ? ', exceeded' : ''})
      </td>
    </>
  );
}

/** `#/protections`: every protected machine (Temporal visibility) with its stage, replication health and RPO. */
export function ProtectionsView({ session }: { session: Session }) {
  const [items, setItems] = useState<ProtectionItem[] | undefined>();
  const [statuses, setStatuses] = useState<ReadonlyMap<string, ProtectionStatus>>(new Map());
  const [error, setError] = useState<string | undefined>();

  usePolling(
    async (signal) => {
      try {
        const page = await session.api.get<{ protections: ProtectionItem[] }>('/v1/protections?pageSize=1000', signal);
        setItems(page.protections);
        const running = page.protections.filter((item) => item.executionStatus === 'RUNNING').slice(0, MAX_STATUS_READS);
        const read = await Promise.all(
          running.map((item) =>
            session.api
              .get<ProtectionStatus>(`/v1/protections/${encodeURIComponent(item.machineId)}`, signal)
              .then((status) => [item.machineId, status] as const)
              .catch(() => undefined),
          ),
        );
        setStatuses(new Map(read.filter((entry) => entry !== undefined)));
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
      <h1>Protected machines</h1>
      <ErrorLine error={error} />
      {items === undefined ? (
        <p class="loading">Loading…</p>
      ) : (
        <table class="fleet protections">
          <thead>
            <tr>
              <th>Machine</th>
              <th>Stage</th>
              <th>Health</th>
              <th>RPO</th>
              <th>Alerts</th>
              <th>Scenario</th>
              <th>Started</th>
            </tr>
          </thead>
          <tbody>
            {items.map((item) => {
              const status = statuses.get(item.machineId);
              return (
                <tr key={item.machineId} data-machine={item.machineId}>
                  <td>
                    <a href={hrefOf({ view: 'protection', machineId: item.machineId })}>{item.machineId}</a>
                  </td>
                  <td>
                    <span class={`stage stage-${item.stage ?? 'Unknown'}`}>{status?.stage ?? item.stage ?? item.executionStatus}</span>
                  </td>
                  <HealthCells status={status} />
                  <td>{status?.activeAlerts.map((alert) => alert.kind).join(', ')}</td>
                  <td>{item.scenario}</td>
                  <td>{localTime(item.startTime)}</td>
                </tr>
              );
            })}
          </tbody>
        </table>
      )}
      <p class="hint">
        {items?.length ?? 0} protections; refreshed every {REFRESH_MS / 1000} s.
      </p>
    </section>
  );
}
