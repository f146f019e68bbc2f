// Work keyed by what it is about, run a few at a time: an input whose key is still waiting
// replaces the one queued (their callers share that one run). Under load a burst of replies
// to one user is learned once, from the newest history; with room, each runs at once.

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
  let running = 0;
  const pump = () => {
    for (const [key, w] of waiting) {
      if (running >= atOnce) return;
      waiting.delete(key);
      running++;
      // The next one starts before this one's callers hear back.
      const next = () => {
        running--;
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
