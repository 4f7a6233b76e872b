export const DEFAULT_TASK_QUEUE = 'siteshift-migrations';

export function taskQueue(env: NodeJS.ProcessEnv = process.env): string {
  return env.SITESHIFT_TASK_QUEUE?.trim() || DEFAULT_TASK_QUEUE;
}

export { workflowIdFor } from './ids';
