import type { FieldIssue } from './field-issues';
import type { FailurePolicy } from './wave-request';
import type { WaveMachineStage, WaveStage } from './wave-stages';

export interface WaveMachineView {
  machineId: string;
  stage: WaveMachineStage;
  /** When the wave learnt of this stage (workflow time, ISO). */
  since: string;
  /** Why it failed or was aborted, as its migration said. */
  error?: { code: string; message: string };
}

export interface WaveGroupView {
  name: string;
  state: 'Pending' | 'InProgress' | 'Completed' | 'Failed' | 'Skipped';
  manualAction?: string;
  /** The ASR multi-VM consistency group its machines replicate in, when the group names one. */
  multiVmGroupName?: string;
  machines: WaveMachineView[];
}

export interface WaveDecisionRecord {
  name: string;
  via: 'signal' | 'update';
  by: string | null;
  at: string;
  comment?: string;
  details?: Record<string, string>;
  accepted: boolean;
  rejectionReason?: string;
  stage: WaveStage;
}

/** What `waveStatus` answers. */
export interface WaveStatus {
  name: string;
  stage: WaveStage;
  since: string;
  failurePolicy: FailurePolicy;
  replicationConcurrency: number;
  /** What the wave waits for now, and since when. */
  waitingFor?: { what: string; since: string };
  cutover?: {
    approvedBy: string;
    notBefore?: string;
    window?: { notBefore: string; notAfter: string; timeZone: string };
    nextGroup: number;
  };
  groups: WaveGroupView[];
  /** How many machines are in each stage. */
  counts: Partial<Record<WaveMachineStage, number>>;
  decisions: WaveDecisionRecord[];
  refusedDecisions: number;
  /** Stage reports from machines that are not in this wave, malformed or out of date (ignored). */
  ignoredReports: number;
  /** Runs of this wave so far (continue-as-new adds one). */
  run: number;
  lastError?: { code: string; message: string; at: string };
  /** Set when the wave refused its request at start. */
  requestErrors?: FieldIssue[];
  /** What an aborted or failed wave left to do by hand. */
  notes: string[];
  /** The decision rules the wave learned at its start from the worker (absent for waves started before). */
  decisionPolicy?: { fourEyes: boolean; signedDecisions: boolean };
}
