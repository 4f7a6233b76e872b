import {
  ApiProblemError,
  ApiUnreachableError,
  DecisionRejectedError,
  InvalidBatchError,
  InvalidDecisionError,
  MigrationAlreadyCompletedError,
  MigrationNotFoundError,
  NoWorkerAnswerError,
  PAYLOAD_ROOT,
  ProtectionNotFoundError,
  type FieldIssue,
} from '../client/errors';
import { issueBullets } from '../common/field-issues';
import { InvalidMigrationRequestError, REQUEST_ROOT } from '../common/migration-request';
import { InvalidProtectionRequestError } from '../common/protection-request';
import { EXIT, InputError, UsageError } from './exit-codes';
import {
  InvalidWaveDecisionError,
  WaveAlreadyRunningError,
  WaveDecisionRejectedError,
  WaveNotFoundError,
  WaveStartRefusedError,
} from '../client/wave-errors';
import { InvalidWaveRequestError, WAVE_REQUEST_ROOT } from '../common/wave-request';

export interface ErrorReport {
  exitCode: number;
  code: string;
  /** The message as JSON output carries it. */
  message: string;
  /**
   * The message as lines for humans. Multi-line errors are laid out from their data, never by splitting a
   * message on newlines, so a newline inside a machine id or an unknown key cannot start a line of its own.
   */
  lines: string[];
  details?: unknown;
}

const USAGE_HINT = 'Run "siteshift --help" for usage.';

function issueLines(title: string, issues: FieldIssue[], root: string): string[] {
  return [title, ...issueBullets(issues, root)];
}

export function describeError(error: unknown): ErrorReport {
  const e = error as Error;
  const plain = (exitCode: number, details?: unknown): ErrorReport => ({
    exitCode,
    code: e.name,
    message: e.message,
    lines: [e.message],
    details,
  });
  if (error instanceof UsageError) {
    return {
      exitCode: EXIT.usage,
      code: 'Usage',
      message: [e.message, ...error.hints, USAGE_HINT].join('\n'),
      lines: [e.message, ...error.hints, USAGE_HINT],
    };
  }
  if (error instanceof InputError) return { ...plain(EXIT.invalidInput), code: error.name === 'InputError' ? 'InvalidInput' : error.name };
  if (error instanceof InvalidMigrationRequestError) {
    return { ...plain(EXIT.invalidInput, error.issues), lines: issueLines('Invalid migration request:', error.issues, REQUEST_ROOT) };
  }
  if (error instanceof InvalidProtectionRequestError) {
    return { ...plain(EXIT.invalidInput, error.issues), lines: issueLines('Invalid protection request:', error.issues, REQUEST_ROOT) };
  }
  if (error instanceof InvalidBatchError) {
    const lines = [
      'Invalid migration batch, nothing was started:',
      ...error.items.flatMap((item) =>
        issueLines(`request #${item.index}${item.machineId ? ` (${item.machineId})` : ''}:`, item.issues, REQUEST_ROOT),
      ),
    ];
    return { ...plain(EXIT.invalidInput, error.items), lines };
  }
  if (error instanceof InvalidDecisionError) {
    return {
      ...plain(EXIT.invalidInput, error.issues),
      lines: issueLines(`Invalid ${error.decision} decision:`, error.issues, PAYLOAD_ROOT),
    };
  }
  if (error instanceof InvalidWaveRequestError) {
    return {
      ...plain(EXIT.invalidInput, error.issues),
      lines: issueLines('Invalid wave request, nothing was started:', error.issues, WAVE_REQUEST_ROOT),
    };
  }
  if (error instanceof InvalidWaveDecisionError) {
    return {
      ...plain(EXIT.invalidInput, error.issues),
      lines: issueLines(`Invalid ${error.decision} decision:`, error.issues, PAYLOAD_ROOT),
    };
  }
  if (error instanceof WaveNotFoundError) return plain(EXIT.notFound);
  if (error instanceof WaveDecisionRejectedError) return plain(EXIT.rejected, { reason: error.reason });
  if (error instanceof WaveAlreadyRunningError) return plain(EXIT.rejected);
  if (error instanceof WaveStartRefusedError) return plain(EXIT.rejected, { reason: error.code });
  if (error instanceof MigrationNotFoundError || error instanceof ProtectionNotFoundError) return plain(EXIT.notFound);
  if (error instanceof DecisionRejectedError) return plain(EXIT.rejected, { reason: error.reason });
  if (error instanceof NoWorkerAnswerError) return plain(EXIT.noWorkerAnswer);
  if (error instanceof MigrationAlreadyCompletedError) return plain(EXIT.rejected);
  if (error instanceof ApiUnreachableError) return plain(EXIT.temporalUnreachable);
  if (error instanceof ApiProblemError) {
    const exitCode = error.accessDenied ? EXIT.accessDenied : error.status === 504 ? EXIT.noWorkerAnswer : EXIT.failure;
    return plain(exitCode, error.problem);
  }
  if (e instanceof Error && 'lines' in e && Array.isArray(e.lines)) {
    const exitCode = 'exitCode' in e && typeof e.exitCode === 'number' ? e.exitCode : EXIT.failure;
    return { ...plain(exitCode), lines: e.lines as string[] };
  }
  return { exitCode: EXIT.failure, code: e?.name ?? 'Error', message: e?.message ?? String(error), lines: [e?.message ?? String(error)] };
}
