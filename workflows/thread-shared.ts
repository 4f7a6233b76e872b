/**
 * Values built once per worker thread and shared by every workflow on it. The bundle preloads this module
 * (workers/workflow-bundle.ts), so this map is the thread's one, where every other module is evaluated again
 * in each workflow's context and keeps what it builds there.
 *
 * Only for values that are a pure function of their key and are never changed by their users, such as a
 * validation schema (parsing reads a zod schema; it caches only what its definition determines). The key names
 * everything the value depends on, and its parts come from closed sets: a key never carries input, so the map
 * stays small whatever workflows receive.
 *
 * Why: building its request and decision schemas in each migration was a third of what a migration's workflow
 * code cost the worker beyond the floor's (README, Benchmarks: replay-cost).
 */
import type { Scenario } from '../common/migration-request';

/** What the thread shares, each named here (types only: this module imports nothing), so no two share a key. */
export type ThreadSharedKey =
  | `migration-request:${'current' | 'v2' | 'v1'}:${Scenario | 'any'}`
  | 'migration-decisions'
  | 'wave-decisions'
  | 'protection-decisions'
  | 'decision-proof';

const built = new Map<ThreadSharedKey, unknown>();

export function threadShared<T>(key: ThreadSharedKey, build: () => T): T {
  if (built.has(key)) return built.get(key) as T;
  const value = build();
  built.set(key, value);
  return value;
}
