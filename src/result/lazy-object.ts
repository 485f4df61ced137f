/**
 * @internal
 * An object that stands in for `create()`'s result and creates it on first use: every property read,
 * write, `in`, key listing and prototype lookup (so `instanceof`) goes to the real object. For public
 * values whose construction needs a package loaded on demand (the zod result schemas).
 */
export function lazyObject<T extends object>(create: () => T): T {
  let real: T | undefined;
  const target = () => (real ??= create());
  // Proxy invariants: a property the real object reports as non-configurable must exist, non-configurable,
  // on the proxy's own target too; it is copied there when first described.
  const shell = {} as T;
  return new Proxy(shell, {
    get: (_, key) => {
      const r = target();
      const value = Reflect.get(r, key, r) as unknown;
      return value;
    },
    set: (_, key, value) => Reflect.set(target(), key, value),
    has: (_, key) => Reflect.has(target(), key),
    ownKeys: () => {
      const keys = Reflect.ownKeys(target());
      for (const key of Reflect.ownKeys(shell)) if (!keys.includes(key)) keys.push(key);
      return keys;
    },
    getOwnPropertyDescriptor: (_, key) => {
      const descriptor = Reflect.getOwnPropertyDescriptor(target(), key);
      if (descriptor && !descriptor.configurable && !Reflect.getOwnPropertyDescriptor(shell, key)) Object.defineProperty(shell, key, descriptor);
      return descriptor;
    },
    defineProperty: (_, key, descriptor) => Reflect.defineProperty(target(), key, descriptor),
    deleteProperty: (_, key) => Reflect.deleteProperty(target(), key),
    getPrototypeOf: () => Reflect.getPrototypeOf(target()),
    setPrototypeOf: (_, proto) => Reflect.setPrototypeOf(target(), proto),
    isExtensible: () => Reflect.isExtensible(shell),
    preventExtensions: () => false,
  });
}
