import type { Client, WorkflowExecutionStatusName } from '@temporalio/client';
import { keyOfWorkflowId } from '../common/ids';
import { WAVE_STAGE } from '../common/search-attributes';
import { WAVE_STAGES, type WaveStage } from '../common/wave-stages';
import { MIGRATE_WAVE_WORKFLOW } from '../workflows/wave-definitions';
import { visibilityPage } from './visibility-page';

export interface WaveSummary {
  name: string;
  workflowId: string;
  /** The WaveStage search attribute (a change shows up within a second or so). */
  stage?: WaveStage;
  executionStatus: WorkflowExecutionStatusName;
  startTime: Date;
  closeTime?: Date;
}

export interface WavePage {
  waves: WaveSummary[];
  /** Pass back as `pageToken` for the next page; absent on the last page. */
  nextPageToken?: string;
}

/** The visibility query of the waves, in one stage or all. */
export function waveListQuery(stages: readonly WaveStage[] = []): string {
  for (const stage of stages) if (!WAVE_STAGES.includes(stage)) throw new RangeError(`Unknown wave stage ${JSON.stringify(stage)}`);
  const clauses = [`WorkflowType = '${MIGRATE_WAVE_WORKFLOW}'`];
  if (stages.length > 0) clauses.push(`WaveStage IN (${stages.map((stage) => `'${stage}'`).join(', ')})`);
  return clauses.join(' AND ');
}

/** One page of waves (Temporal visibility), newest first; InvalidPageTokenError for a token of another query. */
export async function listWavePage(
  client: Client,
  filter: { stages?: readonly WaveStage[] },
  page: { pageSize?: number; pageToken?: string } = {},
): Promise<WavePage> {
  const query = waveListQuery(filter.stages);
  const { infos, nextPageToken } = await visibilityPage(client, query, page);
  return {
    waves: infos.map((info) => ({
      name: keyOfWorkflowId('migrateWave', info.workflowId),
      workflowId: info.workflowId,
      stage: info.typedSearchAttributes.get(WAVE_STAGE) as WaveStage | undefined,
      executionStatus: info.status.name,
      startTime: info.startTime,
      closeTime: info.closeTime,
    })),
    nextPageToken,
  };
}
