import { useEffect, useRef, useState } from 'preact/hooks';
import type { MigrationStatus } from '../../common/migration-status';
import { ApiError } from './api';
import type { Session } from './App';
import { DecisionForm } from './DecisionForm';
import { DecisionLog } from './DecisionLog';
import { followEvents } from './events';
import { isFinal } from './fleet';
import { duration, localTime, useNow } from './time';
import { ErrorLine } from './parts';
import { fourEyesBlock } from './rules';

/** A migration's page: stages with durations, replication, decisions (log and forms), resources, errors; live. */
export function MigrationView({ session, machineId }: { session: Session; machineId: string }) {
  const now = useNow();
  const [status, setStatus] = useState<MigrationStatus | undefined>();
  const [error, setError] = useState<string | undefined>();
  const [live, setLive] = useState(false);
  const path = `/v1/migrations/${encodeURIComponent(machineId)}`;
  const reading = useRef<Promise<void> | undefined>(undefined);
  const readAgain = useRef(false);

  // Reads the status; an event arriving during a read asks for one more read after it, never two at once.
  const reload = (signal: AbortSignal) => {
    if (reading.current) {
      readAgain.current = true;
      return;
    }
    reading.current = (async () => {
      do {
        readAgain.current = false;
        try {
          const next = await session.api.get<MigrationStatus>(path, signal);
          setStatus(next);
          setError(undefined);
        } catch (failure) {
          if (signal.aborted) return;
          setError(
            failure instanceof ApiError && failure.problem.status === 404 ? `No migration of ${machineId}.` : (failure as Error).message,
          );
        }
      } while (readAgain.current && !signal.aborted);
    })().finally(() => (reading.current = undefined));
  };

  useEffect(() => {
    const stop = new AbortController();
    reload(stop.signal);
    // Each event (stage, progress, decision, end) says the status changed: read it again.
    void followEvents(session.api, `${path}/events`, () => reload(stop.signal), setLive, stop.signal);
    return () => stop.abort();
  }, [session.api, path]);

  if (!status) {
    return (
      <section>
        <h1>{machineId}</h1>
        {error ? (
          <p class="error" role="alert">
            {error}
          </p>
        ) : (
          <p class="loading">Loading…</p>
        )}
      </section>
    );
  }

  const { replication, resources } = status;
  return (
    <section class="migration">
      <h1>
        {status.machineId} {status.displayName && <span class="display-name">{status.displayName}</span>}
      </h1>
      <p class="summary">
        <span class={`stage stage-${status.stage}`} data-testid="stage">
          {status.stage}
        </span>{' '}
        {status.scenario} {status.wave && <>· wave {status.wave}</>} · {status.testFailoverCount} test failover(s){' '}
        <span class={live ? 'live on' : 'live'}>{live ? '● live' : isFinal(status.stage) ? 'ended' : '○ reconnecting'}</span>
      </p>
      <ErrorLine error={error} />

      <div class="columns">
        <div>
          <h2>Stages</h2>
          <table class="timeline">
            <thead>
              <tr>
                <th>Stage</th>
                <th>Entered</th>
                <th>Took</th>
              </tr>
            </thead>
            <tbody>
              {status.stages.map((entry, index) => {
                const next = status.stages[index + 1];
                const end = next ? Date.parse(next.enteredAt) : isFinal(entry.stage) ? undefined : now;
                return (
                  <tr key={`${index}-${entry.stage}`}>
                    <td>{entry.stage}</td>
                    <td>{localTime(entry.enteredAt)}</td>
                    <td>{end === undefined ? '' : `${duration(end - Date.parse(entry.enteredAt))}${next ? '' : ' so far'}`}</td>
                  </tr>
                );
              })}
            </tbody>
          </table>

          <h2>Replication</h2>
          <p>
            <progress max={100} value={replication.percent} /> {replication.percent}%{' '}
            {replication.stalled && (
              <strong class="stalled" data-testid="stalled">
                stalled since {localTime(replication.lastChangeAt)}
              </strong>
            )}
          </p>
          <p class="hint">
            {replication.protectionState && <>protection {replication.protectionState} · </>}
            {replication.replicationHealth && <>health {replication.replicationHealth}</>}
          </p>
          {status.failover?.notBefore && <p>Cutover scheduled not before {localTime(status.failover.notBefore)}</p>}

          <h2>Azure resources</h2>
          {Object.keys(resources).length === 0 ? (
            <p class="hint">None created yet.</p>
          ) : (
            <dl class="resources">
              {resources.replicatedItemId && (
                <>
                  <dt>Replicated item</dt>
                  <dd>{resources.replicatedItemId}</dd>
                </>
              )}
              {resources.testVmId && (
                <>
                  <dt>Test VM</dt>
                  <dd>{resources.testVmId}</dd>
                </>
              )}
              {resources.targetVmId && (
                <>
                  <dt>Target VM</dt>
                  <dd>{resources.targetVmId}</dd>
                </>
              )}
            </dl>
          )}

          {status.lastError && (
            <>
              <h2>Last error</h2>
              <p class="error" data-testid="last-error">
                <code>{status.lastError.code}</code> in {status.lastError.stage} at {localTime(status.lastError.at)}:{' '}
                {status.lastError.message}
              </p>
            </>
          )}
          {status.requestErrors && status.requestErrors.length > 0 && (
            <ul class="error">
              {status.requestErrors.map((issue) => (
                <li key={issue.path}>
                  {issue.path}: {issue.message}
                </li>
              ))}
            </ul>
          )}
          {status.abortReason && <p>Aborted because: {status.abortReason}</p>}
          {(status.leftBehind.length > 0 || isFinal(status.stage)) && (
            <>
              <h2>Left behind</h2>
              {status.leftBehind.length === 0 ? (
                <p class="hint">Nothing: everything was cleaned up.</p>
              ) : (
                <ul data-testid="left-behind">
                  {status.leftBehind.map((item, index) => (
                    <li key={index}>{item}</li>
                  ))}
                </ul>
              )}
            </>
          )}
        </div>

        <div>
          <h2>Decide</h2>
          {isFinal(status.stage) ? (
            <p class="hint">This migration has ended: no decision applies any more.</p>
          ) : (
            <div class="decisions">
              {session.me.decisions.map((right) => (
                <DecisionForm
                  key={right.name}
                  api={session.api}
                  right={right}
                  status={status}
                  onDecided={setStatus}
                  blockedBecause={fourEyesBlock(session.me.name, right.name, status)}
                />
              ))}
            </div>
          )}
        </div>
      </div>

      <h2>Decision log</h2>
      <DecisionLog decisions={status.decisions} />
      {(status.refusedDecisions ?? 0) > status.decisions.filter((decision) => !decision.accepted).length && (
        <p class="hint">{status.refusedDecisions} decisions were refused in all; the latest are shown.</p>
      )}
    </section>
  );
}
