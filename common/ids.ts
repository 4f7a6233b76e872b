export function workflowIdFor(machineId: string): string {
  return `migrate-${machineId}`;
}
