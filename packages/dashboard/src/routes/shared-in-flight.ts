/**
 * Runs `load` for a key unless a call for the same key is still in flight, in which case that
 * call's promise is shared: identical concurrent requests (every open UI refetching its counts
 * after the same event) cost the database one read. Nothing is kept once it settles.
 */
export function sharedInFlight<T>(): (key: string, load: () => Promise<T>) => Promise<T> {
  const inFlight = new Map<string, Promise<T>>();
  return (key, load) => {
    const running = inFlight.get(key);
    if (running) return running;
    const started = load().finally(() => inFlight.delete(key));
    inFlight.set(key, started);
    return started;
  };
}
