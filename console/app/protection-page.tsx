import { useState } from 'preact/hooks';
import type { ProtectionStatus } from '../../common/protection-status';
import { ApiError } from './api';
import type { Session } from './App';
import { DecisionForm } from './DecisionForm';
import { ErrorLine } from './parts';
import { protectionFourEyesBlock } from './rules';
import { localTime, usePolling } from './time';

const REFRESH_MS = 2_000;

/** `#/protections/<machineId>`: health and RPO, alerts, drill history, decision log, and the DR decisions as forms. */
export function ProtectionView({ session, machineId }: { session: Session; machineId: string }) {
  const [status, setStatus] = useState<ProtectionStatus | undefined>();
  const [error, setError] = useState<string | undefined>();
  const path = `/v1/protections/${encodeURIComponent(machineId)}`;

  usePolling(
    async (signal) => {
      try {
        setStatus(await session.api.get<ProtectionStatus>(path, signal));
        setError(undefined);
      } catch (failure) {
        if (signal.aborted) return;
        setError(
          failure instanceof ApiError && failure.problem.status === 404 ? `No protection of ${machineId}.` : (failure as Error).message,
        );
      }
    },
    REFRESH_MS,
    [session.api, path],
  );

  if (!status) {
    return (
      <section>
        <h1>{machineId}</h1>
        {error ? <ErrorLine error={error} /> : <p class="loading">Loading…</p>}
      </section>
    );
  }
  const health = status.health;
  return (
    <section class="protection">
      <h1>
        {status.displayName ?? machineId} <span class="hint">({status.scenario}, disaster recovery)</span>
      </h1>
      <ErrorLine error={error} />
      <dl class="facts">
        <dt>Stage</dt>
        <dd data-testid="protection-stage">{status.stage}</dd>
        <dt>Runs in</dt>
        <dd>{status.activeLocation === 'Primary' ? 'on premises (Primary)' : 'Azure (Recovery)'}</dd>
        <dt>Health</dt>
        <dd data-testid="protection-health">{health?.replicationHealth ?? 'not read yet'}</dd>
        <dt>RPO</dt>
        <dd data-testid="protection-rpo">
          {health
            ? `${health.rpoSeconds ?? '?'} s (threshold ${health.rpoThresholdSeconds} s${health.rpoExceeded ? ', exceeded' : ''})`
            : ''}
        </dd>
      </dl>
      {status.activeAlerts.map((alert) => (
        <p class="error" role="alert" key={alert.raisedAt}>
          {alert.kind} alert since {localTime(alert.raisedAt)}: {alert.message} ({alert.notified})
        </p>
      ))}
      <h2>Drills ({status.drillCount})</h2>
      <table class="drills">
        <thead>
          <tr>
            <th>Started</th>
            <th>By</th>
            <th>Result</th>
            <th>Duration</th>
            <th>Ended by</th>
            <th>Comment / note</th>
          </tr>
        </thead>
        <tbody>
          {status.drills
            .slice()
            .reverse()
            .map((drill) => (
              <tr key={drill.startedAt} data-drill-result={drill.result}>
                <td>{localTime(drill.startedAt)}</td>
                <td>{drill.by}</td>
                <td>{drill.result}</td>
                <td>{drill.durationSeconds} s</td>
                <td>{drill.endedBy}</td>
                <td>{[drill.comment, drill.note].filter(Boolean).join(' — ')}</td>
              </tr>
            ))}
        </tbody>
      </table>
      <h2>Decisions</h2>
      <ul class="decision-log">
        {status.decisions.map((decision, index) => (
          <li key={index}>
            {localTime(decision.at)} {decision.name} by {decision.by} in {decision.stage}:{' '}
            {decision.accepted ? 'accepted' : `refused (${decision.rejectionReason})`}
            {decision.comment ? ` — ${decision.comment}` : ''}
          </li>
        ))}
      </ul>
      <div class="decisions">
        {session.me.protectionDecisions.map((right) => (
          <DecisionForm
            key={right.name}
            api={session.api}
            right={right}
            status={status}
            onDecided={setStatus}
            collection="protections"
            blockedBecause={protectionFourEyesBlock(session.me.name, right, status)}
          />
        ))}
      </div>
    </section>
  );
}
