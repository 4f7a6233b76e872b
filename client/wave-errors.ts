import { issueBullets, type FieldIssue } from '../common/field-issues';
import type { WaveDecisionName } from '../common/wave-decisions';

/** Errors of WaveClient; free of the Temporal SDK, so the CLI reports them without loading it. */

export class WaveNotFoundError extends Error {
  constructor(readonly wave: string) {
    super(`No wave found named "${wave}"`);
    this.name = 'WaveNotFoundError';
  }
}

export class WaveAlreadyRunningError extends Error {
  constructor(readonly wave: string) {
    super(`Wave "${wave}" is already running; nothing new was started`);
    this.name = 'WaveAlreadyRunningError';
  }
}

/** A wave decision failed its schema before anything was sent. */
export class InvalidWaveDecisionError extends Error {
  constructor(
    readonly decision: WaveDecisionName,
    readonly issues: FieldIssue[],
  ) {
    super(`Invalid ${decision} decision:\n${issueBullets(issues, '(payload)').join('\n')}`);
    this.name = 'InvalidWaveDecisionError';
  }
}

/** The wave refused the decision (its update validator or handler); the message is the workflow's own. */
export class WaveDecisionRejectedError extends Error {
  constructor(
    readonly wave: string,
    readonly decision: string,
    readonly reason: string,
    /** The rule about who decides that refused it (four-eyes, signed decisions: common/decision-policy.ts), if one did. */
    readonly rule?: string,
  ) {
    super(`${decision} rejected for wave "${wave}": ${reason}`);
    this.name = 'WaveDecisionRejectedError';
  }
}

/** The wave refused its start before anything started (e.g. one of its machines is already migrating). */
export class WaveStartRefusedError extends Error {
  constructor(
    readonly wave: string,
    readonly reason: string,
    readonly code?: string,
  ) {
    super(reason);
    this.name = 'WaveStartRefusedError';
  }
}
