import type { MigrationRequest } from './migration-request';
import type { ReplicatedItemRef } from '../site-recovery/site-recovery';

/**
 * Identities that follow from a request, one rule each. Pure (no process.env, no adapter): workflows import
 * it. A workflow kind's id is its prefix plus its key, so one key has at most one running workflow of a kind.
 */
export const WORKFLOW_ID_PREFIXES = {
  migrateMachine: 'migrate-',
  migrateWave: 'wave-',
  protectMachine: 'protect-',
} as const;
export type WorkflowKind = keyof typeof WORKFLOW_ID_PREFIXES;

/** The one workflow id a workflow of this kind may run under for this key. */
export function workflowIdOf(kind: WorkflowKind, key: string): string {
  return `${WORKFLOW_ID_PREFIXES[kind]}${key}`;
}

/** The key a workflow id names for this kind (the id itself when it lacks the kind's prefix). */
export function keyOfWorkflowId(kind: WorkflowKind, workflowId: string): string {
  const prefix = WORKFLOW_ID_PREFIXES[kind];
  return workflowId.startsWith(prefix) ? workflowId.slice(prefix.length) : workflowId;
}

/** `migrate-<machineId>`: the workflow id of a machine's migration. */
export function workflowIdFor(machineId: string): string {
  return workflowIdOf('migrateMachine', machineId);
}

/** The protected item siteshift creates (or adopts) for a request. */
export function replicatedItemRefFor(request: MigrationRequest): ReplicatedItemRef {
  return {
    vault: request.vault,
    fabricName: request.source.fabricName,
    protectionContainerName: request.source.protectionContainerName,
    replicatedItemName: request.machineId,
  };
}
