// Work keyed by what it is about, run a few at a time and never two of one key at once: an
// input whose key is still waiting replaces the one queued (their callers share that one
// run), and one whose key is running waits for that run to end. A key that ran less than
// `spacingMs` ago waits out the rest of that time, unless its caller hurries it: a burst of
// replies to one user is learned once, from the newest history, and a single reply at once.

/** Work queued or running: its end, and a way to start it now if it is still spacing out. */
export interface Queued {
  done: Promise<void>;
  hurry(): void;
}

interface Waiting<T> extends Queued {
  input: T;
  resolve: () => void;
  reject: (err: unknown) => void;
  timer: Timer | null;
}

export function coalescing<T>(
  atOnce: number,
  spacingMs: number,
  keyOf: (input: T) => string,
  work: (input: T) => Promise<void>,
): (input: T) => Queued {
  /** Due now, in the order they came. */
  const ready = new Map<string, Waiting<T>>();
  /** Spacing out after their key's last run. */
  const spacing = new Map<string, Waiting<T>>();
  const running = new Set<string>();
  /** When each key last started, oldest first; none older than spacingMs is kept. */
  const started = new Map<string, number>();

  const pump = () => {
    for (const [key, w] of ready) {
      if (running.size >= atOnce) return;
      if (running.has(key)) continue;
      ready.delete(key);
      running.add(key);
      const now = performance.now();
      started.delete(key);
      started.set(key, now);
      for (const [old, at] of started) {
        if (now - at < spacingMs) break;
        started.delete(old);
      }
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

  const due = (key: string) => {
    const w = spacing.get(key);
    if (!w) return;
    if (w.timer) clearTimeout(w.timer);
    spacing.delete(key);
    ready.set(key, w);
    pump();
  };

  return (input) => {
    const key = keyOf(input);
    const queued = ready.get(key) ?? spacing.get(key);
    if (queued) {
      queued.input = input;
      return queued;
    }
    const { promise, resolve, reject } = Promise.withResolvers<void>();
    const w: Waiting<T> = {
      input,
      done: promise,
      resolve,
      reject,
      timer: null,
      hurry: () => {
        if (spacing.get(key) === w) due(key);
      },
    };
    const last = started.get(key);
    const wait = last === undefined ? 0 : last + spacingMs - performance.now();
    if (wait > 0) {
      spacing.set(key, w);
      w.timer = setTimeout(() => due(key), wait);
    } else {
      ready.set(key, w);
      pump();
    }
    return w;
  };
}
