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
 * Why: building a migration's request schema in each migration was a third of what its workflow code cost the
 * worker beyond the floor's (README, Benchmarks).
 */
const built = new Map<string, unknown>();

export function threadShared<T>(key: string, build: () => T): T {
  if (built.has(key)) return built.get(key) as T;
  const value = build();
  built.set(key, value);
  return value;
}
