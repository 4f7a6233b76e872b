import { readSetting, text } from './setting';

export const DEFAULT_TASK_QUEUE = 'siteshift-migrations';

/** SITESHIFT_TASK_QUEUE: the worker's task queue, and the one clients start migrations on. */
export function taskQueueFromEnv(env: NodeJS.ProcessEnv = process.env): string {
  return readSetting(env, 'SITESHIFT_TASK_QUEUE', text) ?? DEFAULT_TASK_QUEUE;
}
