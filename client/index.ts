export {
  MigrationClient,
  type StartedMigration,
  type BatchItemResult,
  type MigrationSummary,
  type MigrationPage,
  type DecisionOptions,
  type MigrationClientOptions,
} from './migration-client';
export {
  MigrationNotFoundError,
  MigrationAlreadyCompletedError,
  InvalidDecisionError,
  UnknownDecisionError,
  DecisionRejectedError,
  InvalidBatchError,
  InvalidPageTokenError,
  NoWorkerAnswerError,
  type FieldIssue,
} from './errors';
export { InvalidMigrationRequestError } from '../common/migration-request';
export { listQueryFor, visibilityQueryFor, type ListFilter, type ListQuery } from './list-query';
export { connectToTemporal, describeConfiguredConnection, type ConnectOptions } from './connection';
export { validateMigrationRequests } from './validate-batch';
export { MigrationApiClient } from './migration-api-client';
export { ApiProblemError, ApiUnreachableError } from './errors';
export { WaveClient, WaveNotFoundError, WaveAlreadyRunningError, InvalidWaveDecisionError, WaveDecisionRejectedError } from './wave-client';
export { InvalidWaveRequestError } from '../common/wave-request';
export { ProtectionClient, UnknownProtectionDecisionError, type StartedProtection } from './protection-client';
export { ProtectionNotFoundError } from './errors';
export { InvalidProtectionRequestError } from '../common/protection-request';
