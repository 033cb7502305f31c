/**
 * The cached promise for `key`, or `load()` started and cached. For things
 * that never change once they exist (published versions and their specs): a
 * failed load is forgotten, so the next call tries again.
 */
export function loadOnce<K, V>(cache: Map<K, Promise<V>>, key: K, load: () => Promise<V>): Promise<V> {
  let found = cache.get(key);
  if (!found) {
    found = load();
    cache.set(key, found);
    found.catch(() => cache.delete(key));
  }
  return found;
}
