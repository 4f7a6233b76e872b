/**
 * A schema (or a table of schemas) built on first use rather than when its module is evaluated.
 *
 * Why: a worker gives every cached workflow its own module cache, so each cached migration evaluates every
 * module of the workflow bundle and keeps what they build. Built at module level, the request schemas of every
 * version, the protection and wave schemas and every decision table were built and kept once per cached
 * migration, though a migration only ever uses its own request version and the decisions it receives. Built
 * lazily, a workflow holds only what it used; the client, the CLI and the API build each one once.
 *
 * The value returned stands for what `build` returns everywhere: its type, its methods and properties, nested
 * in other schemas, `instanceof`. Validation is the same schema's, with the same messages.
 */
export function lazySchema<T extends object>(build: () => T): T {
  const target = {};
  pending.set(target, build);
  return new Proxy(target, FORWARD_TO_BUILT) as T;
}

/** What each proxy's target stands for: its builder until first use, then what it built. */
const pending = new WeakMap<object, () => object>();
const built = new WeakMap<object, object>();

/**
 * Zod schemas that wrap another and find themselves by identity when zod writes their JSON Schema (the API's
 * OpenAPI document): a proxy cannot stand for one. Wrap the lazy schema instead, e.g.
 * `z.optional(lazySchema(() => z.string()))`, `z.pipe(lazySchema(...), z.transform(...))`.
 */
const WRAPPERS = new Set(['optional', 'nullable', 'nonoptional', 'default', 'prefault', 'catch', 'pipe', 'readonly', 'promise', 'lazy']);

function real(target: object): object {
  let value = built.get(target);
  if (value === undefined) {
    value = pending.get(target)!();
    const type = (value as { _zod?: { def?: { type?: unknown } } })._zod?.def?.type;
    if (typeof type === 'string' && WRAPPERS.has(type))
      throw new TypeError(
        `lazySchema: a ${type} schema cannot be built lazily: wrap the lazy schema in it instead (common/lazy-schema.ts)`,
      );
    built.set(target, value);
    pending.delete(target);
  }
  return value;
}

/**
 * One handler for every lazy schema (a handler per proxy would cost each cached workflow its closures). The
 * target stays an empty object; every operation goes to the built value. A property the built value holds as
 * non-configurable is copied onto the target before it is reported, as proxies require.
 */
const FORWARD_TO_BUILT: ProxyHandler<object> = {
  get: (target, key) => Reflect.get(real(target), key),
  set: (target, key, value) => Reflect.set(real(target), key, value),
  has: (target, key) => Reflect.has(real(target), key),
  deleteProperty: (target, key) => Reflect.deleteProperty(real(target), key),
  defineProperty: (target, key, descriptor) => Reflect.defineProperty(real(target), key, descriptor),
  ownKeys: (target) => Reflect.ownKeys(real(target)),
  getOwnPropertyDescriptor(target, key) {
    const descriptor = Reflect.getOwnPropertyDescriptor(real(target), key);
    if (descriptor && !descriptor.configurable && !Object.hasOwn(target, key)) Object.defineProperty(target, key, descriptor);
    return descriptor;
  },
  getPrototypeOf: (target) => Reflect.getPrototypeOf(real(target)),
  setPrototypeOf: (target, prototype) => Reflect.setPrototypeOf(real(target), prototype),
};
