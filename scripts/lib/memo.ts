// What the spec says about an operation or parameter never changes, and the servers
// built on it (the stateful mock, the reference servers) answer thousands of requests
// a second (`npm run bench`): what they derive from it is computed once per object.

/** `compute`, remembered per key object for as long as the key lives. */
export function perObject<K extends object, T>(compute: (key: K) => T): (key: K) => T {
  const known = new WeakMap<K, T>();
  return (key) => {
    if (known.has(key)) return known.get(key) as T;
    const value = compute(key);
    known.set(key, value);
    return value;
  };
}
