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
  let built: T | undefined;
  const real = (): T => (built ??= build());
  // The proxy's own target stays an empty object; every operation goes to the built value. A property the built
  // value holds as non-configurable is copied onto the target before it is reported, as proxies require.
  const target = {} as T;
  return new Proxy(target, {
    get: (_, key) => Reflect.get(real(), key),
    set: (_, key, value) => Reflect.set(real(), key, value),
    has: (_, key) => Reflect.has(real(), key),
    deleteProperty: (_, key) => Reflect.deleteProperty(real(), key),
    defineProperty: (_, key, descriptor) => Reflect.defineProperty(real(), key, descriptor),
    ownKeys: () => Reflect.ownKeys(real()),
    getOwnPropertyDescriptor(_, key) {
      const descriptor = Reflect.getOwnPropertyDescriptor(real(), key);
      if (descriptor && !descriptor.configurable && !Object.hasOwn(target, key)) Object.defineProperty(target, key, descriptor);
      return descriptor;
    },
    getPrototypeOf: () => Reflect.getPrototypeOf(real()),
    setPrototypeOf: (_, prototype) => Reflect.setPrototypeOf(real(), prototype),
  });
}
