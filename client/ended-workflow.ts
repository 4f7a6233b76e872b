import { WorkflowNotFoundError, type WorkflowHandle } from '@temporalio/client';
import type { MIGRATION_STAGE } from '../common/search-attributes';

/** A keyword search attribute holding a stage (MigrationStage, WaveStage). */
type StageKey = typeof MIGRATION_STAGE;

/**
 * Runs a call on a workflow (a migration, a wave, a protection). When Temporal finds no running workflow, a
 * decision for one that has ended is refused as too late, naming its last stage (`ended`); otherwise, or when
 * there was never one, it is `notFound`.
 */
export async function onRunningWorkflow<T>(
  handle: WorkflowHandle,
  call: () => Promise<T>,
  errors: { notFound: () => Error; ended?: (stage: string) => Error },
  stageKey?: StageKey,
): Promise<T> {
  try {
    return await call();
  } catch (error) {
    if (!(error instanceof WorkflowNotFoundError)) throw error;
    if (errors.ended) {
      const stage = await endedStage(handle, stageKey);
      if (stage !== null) throw errors.ended(stage);
    }
    throw errors.notFound();
  }
}

/** The last stage of an ended workflow (its stage search attribute, else how it closed); null when there is none. */
async function endedStage(handle: WorkflowHandle, stageKey?: StageKey): Promise<string | null> {
  try {
    const description = await handle.describe();
    return (stageKey && description.typedSearchAttributes.get(stageKey)) || description.status.name;
  } catch (error) {
    if (error instanceof WorkflowNotFoundError) return null;
    throw error;
  }
}
