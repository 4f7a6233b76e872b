import { ApplicationFailure, workflowInfo } from '@temporalio/workflow';
import { workflowIdOf, type WorkflowKind } from '../common/ids';
import { boundedText } from './bounded-text';

export const WRONG_WORKFLOW_ID = 'WrongWorkflowId';

/** Workflow ids are kept in messages and status only this far (Temporal allows far longer ones). */
export const MAX_KEPT_WORKFLOW_ID = 200;

/**
 * Refuses to run a workflow of this kind under any id but the one its key dictates (e.g. `migrate-<machineId>`):
 * the id is what makes one key have one running workflow, so a run started under another id could drive
 * resources another run owns. Throws a non-retryable WrongWorkflowId failure.
 */
export function expectWorkflowId(kind: WorkflowKind, key: string): void {
  const expected = workflowIdOf(kind, key);
  if (workflowInfo().workflowId === expected) return;
  const workflowId = boundedText(workflowInfo().workflowId, MAX_KEPT_WORKFLOW_ID)!;
  throw ApplicationFailure.create({
    type: WRONG_WORKFLOW_ID,
    nonRetryable: true,
    message: `${kind} of ${key} runs only as workflow id ${expected}, not ${JSON.stringify(workflowId)}: refused before doing anything`,
    details: [{ workflowId, expectedWorkflowId: expected }],
  });
}
