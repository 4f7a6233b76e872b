import { checkMigrationRequest, MachineIdSchema, type MigrationRequest } from '../common/migration-request';
import { InvalidBatchError, type BatchItemIssues } from './errors';

/**
 * Validates a batch of migration requests all at once, so that a batch with any bad request starts nothing.
 * Throws InvalidBatchError naming each bad request by index (and machine id when it has one), field by field.
 */
export function validateMigrationRequests(inputs: readonly unknown[]): MigrationRequest[] {
  if (!Array.isArray(inputs)) throw new TypeError('expected an array of migration requests');
  const problems: BatchItemIssues[] = [];
  const requests: MigrationRequest[] = [];
  const firstIndexOf = new Map<string, number>();
  inputs.forEach((input, index) => {
    const result = checkMigrationRequest(input);
    if (!result.success) {
      // Named by its machine id only when that id is valid: an invalid one is the caller's raw text.
      const machineId = MachineIdSchema.safeParse((input as { machineId?: unknown } | null)?.machineId);
      problems.push({ index, machineId: machineId.success ? machineId.data : undefined, issues: result.issues });
      return;
    }
    const seenAt = firstIndexOf.get(result.data.machineId);
    if (seenAt !== undefined) {
      problems.push({
        index,
        machineId: result.data.machineId,
        issues: [{ path: 'machineId', message: `duplicates request #${seenAt}; a batch migrates each machine once` }],
      });
      return;
    }
    firstIndexOf.set(result.data.machineId, index);
    requests.push(result.data);
  });
  if (problems.length > 0) throw new InvalidBatchError(problems);
  return requests;
}
