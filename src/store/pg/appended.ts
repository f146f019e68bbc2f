// Who hears that events pending delivery were committed: the listeners of every outbox on
// one pool. A write outside a transaction has committed when it returns; one inside a
// transaction is heard at that transaction's COMMIT, and not at all if it rolls back.
export interface AppendedListeners {
  /** Tells every listener, each in a microtask of its own so one that throws harms none. */
  notify(): void;
  listen(listener: () => void): () => void;
}

export function appendedListeners(): AppendedListeners {
  const listeners = new Set<() => void>();
  return {
    notify() {
      for (const listener of listeners) queueMicrotask(listener);
    },
    listen(listener) {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
  };
}
