import { DECISION_NAMES, type DecisionName } from '../common/decisions';
import { issueBullets, shownText, type FieldIssue } from '../common/field-issues';
import { REQUEST_ROOT } from '../common/migration-request';
import { PROTECTION_DECISION_NAMES, type ProtectionDecisionName } from '../common/protection-decisions';

export type { FieldIssue };

/** What an error calls a decision's payload itself (an issue with no field path). */
export const PAYLOAD_ROOT = '(payload)';

function bulletList(issues: FieldIssue[], root: string): string {
  return issueBullets(issues, root).join('\n');
}

/** No `migrateMachine` workflow exists for this machine (never started, or deleted by retention). */
export class MigrationNotFoundError extends Error {
  constructor(readonly machineId: string) {
    super(`No migration found for machine "${machineId}"`);
    this.name = 'MigrationNotFoundError';
  }
}

/** No `protectMachine` workflow exists for this machine. */
export class ProtectionNotFoundError extends Error {
  constructor(readonly machineId: string) {
    super(`No protection found for machine "${machineId}"`);
    this.name = 'ProtectionNotFoundError';
  }
}

/** The machine was already migrated; starting it again would migrate it twice. */
export class MigrationAlreadyCompletedError extends Error {
  constructor(readonly machineId: string) {
    super(`Machine "${machineId}" has already been migrated (its last migration is Completed); nothing was started`);
    this.name = 'MigrationAlreadyCompletedError';
  }
}

/** `decide()` was asked for something that is not an operator decision; nothing was sent. */
export class UnknownDecisionError extends Error {
  constructor(readonly decision: unknown) {
    super(`Unknown decision ${shownText(decision)}; the decisions are ${DECISION_NAMES.join(', ')}`);
    this.name = 'UnknownDecisionError';
  }
}

/** A decision payload failed the shared schema before anything was sent. */
export class InvalidDecisionError extends Error {
  constructor(
    readonly decision: DecisionName | ProtectionDecisionName,
    readonly issues: FieldIssue[],
  ) {
    super(`Invalid ${decision} decision:\n${bulletList(issues, PAYLOAD_ROOT)}`);
    this.name = 'InvalidDecisionError';
  }
}

/** The workflow's update validator (or handler) refused the decision; the message is the workflow's own. */
export class DecisionRejectedError extends Error {
  constructor(
    readonly machineId: string,
    readonly decision: DecisionName | ProtectionDecisionName,
    readonly reason: string,
    /** The rule about who decides that refused it (four-eyes, signed decisions: common/decision-policy.ts), if one did. */
    readonly rule?: string,
  ) {
    super(`${decision} rejected for machine "${machineId}": ${reason}`);
    this.name = 'DecisionRejectedError';
  }
}

export interface BatchItemIssues {
  index: number;
  machineId?: string;
  issues: FieldIssue[];
}

/** At least one request of a batch is invalid, so none of them was started. */
export class InvalidBatchError extends Error {
  constructor(readonly items: BatchItemIssues[]) {
    super(
      `Invalid migration batch, nothing was started:\n${items
        .map((item) => `request #${item.index}${item.machineId ? ` (${item.machineId})` : ''}:\n${bulletList(item.issues, REQUEST_ROOT)}`)
        .join('\n')}`,
    );
    this.name = 'InvalidBatchError';
  }
}

/** No worker answered in time: the query or update reached the server but no siteshift worker processed it. */
export class NoWorkerAnswerError extends Error {
  constructor(
    readonly machineId: string,
    readonly action: string,
    readonly taskQueue: string | undefined,
    readonly timeoutMs: number,
  ) {
    const queue = taskQueue ? ` on task queue "${taskQueue}"` : '';
    const update =
      action === 'status'
        ? ''
        : ` The ${action} was not confirmed and may still be applied when a worker picks the migration up; check its status before sending it again.`;
    super(
      `No answer from the migration of "${machineId}" within ${Math.round(timeoutMs / 1000)}s for ${action}: is a siteshift worker running${queue} (npm start or npm run worker)?${update}`,
    );
    this.name = 'NoWorkerAnswerError';
  }
}

/** A `listPage` token that is not the nextPageToken of a page of the same filter; nothing was listed. */
export class InvalidPageTokenError extends Error {
  constructor() {
    super('pageToken is not the nextPageToken of a page of this same list (same stage, wave and scenario)');
    this.name = 'InvalidPageTokenError';
  }
}

/** The HTTP API answered with a problem document that no other error here describes (RFC 9457 fields kept). */
export class ApiProblemError extends Error {
  constructor(
    readonly status: number,
    readonly problem: { title?: string; detail?: string; [key: string]: unknown },
  ) {
    super(`API answered ${status} ${problem.title ?? ''}${problem.detail ? `: ${problem.detail}` : ''}`.trim());
    this.name = 'ApiProblemError';
  }

  /** 401 (no valid token) or 403 (a role or rule refused). */
  get accessDenied(): boolean {
    return this.status === 401 || this.status === 403;
  }
}

/** The HTTP API could not be reached at all (refused, DNS, TLS, timeout). */
export class ApiUnreachableError extends Error {
  constructor(
    readonly url: string,
    readonly reason: string,
  ) {
    super(`Cannot reach the siteshift API at ${url} (${reason}): is it running (npm start or npm run serve) and SITESHIFT_API_URL right?`);
    this.name = 'ApiUnreachableError';
  }
}

export class UnknownProtectionDecisionError extends Error {
  constructor(readonly decision: unknown) {
    super(`Unknown protection decision ${shownText(decision)}; the decisions are ${PROTECTION_DECISION_NAMES.join(', ')}`);
    this.name = 'UnknownDecisionError';
  }
}
