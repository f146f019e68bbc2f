// Work keyed by what it is about, run a few at a time and never two of one key at once: an
// input whose key is still waiting replaces the one queued (their callers share that one
// run), and one whose key is running waits for that run to end. Under load a burst of
// replies to one user is learned once, from the newest history; with room, each runs at once.

export function coalescing<T>(
  atOnce: number,
  keyOf: (input: T) => string,
  work: (input: T) => Promise<void>,
): (input: T) => Promise<void> {
  interface Waiting {
    input: T;
    done: Promise<void>;
    resolve: () => void;
    reject: (err: unknown) => void;
  }
  const waiting = new Map<string, Waiting>();
  const running = new Set<string>();
  const pump = () => {
    for (const [key, w] of waiting) {
      if (running.size >= atOnce) return;
      if (running.has(key)) continue;
      waiting.delete(key);
      running.add(key);
      // The next one starts before this one's callers hear back.
      const next = () => {
        running.delete(key);
        pump();
      };
      work(w.input).then(
        () => {
          next();
          w.resolve();
        },
        (err: unknown) => {
          next();
          w.reject(err);
        },
      );
    }
  };
  return (input) => {
    const key = keyOf(input);
    const queued = waiting.get(key);
    if (queued) {
      queued.input = input;
      return queued.done;
    }
    const { promise, resolve, reject } = Promise.withResolvers<void>();
    waiting.set(key, { input, done: promise, resolve, reject });
    pump();
    return promise;
  };
}
