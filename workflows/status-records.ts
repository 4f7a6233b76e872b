import type { InitialReplicationObservation } from '../activities';
import type { ReplicationProgress } from '../common/migration-status';
import { boundedText } from './bounded-text';

/** Longest ASR error message kept in status.lastError (characters). */
const ERROR_MESSAGE_CHARS = 2000;

/** status.replication from an initial replication check (a migration's and a protection's alike). */
export function replicationProgress(observation: InitialReplicationObservation): ReplicationProgress {
  return {
    percent: observation.percent,
    protectionState: observation.protectionState,
    replicationHealth: observation.replicationHealth,
    stalled: observation.stalled,
    lastChangeAt: new Date(observation.lastChangeAtMs).toISOString(),
  };
}

/** status.lastError: the error in `stage` at `at`, its message cut to ERROR_MESSAGE_CHARS. */
export function lastError<S extends string>(error: { code: string; message: string }, stage: S, at: string) {
  return { ...error, message: boundedText(error.message, ERROR_MESSAGE_CHARS) ?? '', stage, at };
}
