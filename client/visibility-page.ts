import type { Client, WorkflowExecutionInfo } from '@temporalio/client';
import { executionInfoFromRaw } from '@temporalio/client/lib/helpers';
import { loadDataConverter } from '@temporalio/common/lib/internal-non-workflow';
import { callerPageToken, serverPageToken } from './page-token';

/**
 * One page of a visibility query: the executions found, and the next page's token as the caller sees it
 * (checked against the query when passed back: InvalidPageTokenError).
 */
export async function visibilityPage(
  client: Client,
  query: string,
  page: { pageSize?: number; pageToken?: string },
): Promise<{ infos: WorkflowExecutionInfo[]; nextPageToken?: string }> {
  const response = await client.workflowService.listWorkflowExecutions({
    namespace: client.options.namespace,
    query,
    pageSize: page.pageSize,
    nextPageToken: page.pageToken === undefined ? undefined : serverPageToken(page.pageToken, query),
  });
  const converter = loadDataConverter();
  const infos = await Promise.all(
    (response.executions ?? []).map((raw) => executionInfoFromRaw(raw, converter, raw, client.options.namespace)),
  );
  const token = response.nextPageToken;
  return { infos, nextPageToken: token && token.length > 0 ? callerPageToken(Buffer.from(token), query) : undefined };
}
