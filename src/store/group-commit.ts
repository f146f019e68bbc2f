// Group commit: writes that arrive together share one transaction and one fsync. Each
// write runs in a savepoint of its own, so one that fails rolls back alone; each caller is
// answered only after the shared COMMIT, so nothing is acknowledged before it is durable.
// A write may be async (a transaction of several steps): the flush awaits it before the
// next one starts, and a flush never starts while another is still running. Listeners
// hear of each COMMIT, after the callers.
import type { Db } from "./db";

interface Job {
  fn: (db: Db) => unknown;
  resolve: (value: unknown) => void;
  reject: (error: unknown) => void;
}

export type Write = <T>(fn: (db: Db) => T | Promise<T>) => Promise<T>;

export interface GroupCommit {
  <T>(fn: (db: Db) => T | Promise<T>): Promise<T>;
  /** Calls `listener` (in a microtask of its own) after every COMMIT. */
  afterCommit(listener: () => void): void;
}

const perConnection = new WeakMap<Db, GroupCommit>();

/** The one group commit of a connection, shared by every store on it. */
export function groupCommit(db: Db): GroupCommit {
  let write = perConnection.get(db);
  if (!write) {
    write = createGroupCommit(db);
    perConnection.set(db, write);
  }
  return write;
}

export function createGroupCommit(db: Db): GroupCommit {
  const client = db.$client;
  const begin = client.prepare("BEGIN IMMEDIATE");
  const savepoint = client.prepare("SAVEPOINT job");
  const release = client.prepare("RELEASE job");
  const undo = client.prepare("ROLLBACK TO job");
  const commit = client.prepare("COMMIT");
  let queue: Job[] = [];
  let flushing: Promise<void> | null = null;
  const listeners: (() => void)[] = [];

  // Synchronous jobs run without a single await, so a batch of them still ends in one go.
  async function flush(): Promise<void> {
    const jobs = queue;
    queue = [];
    const outcomes: { ok: boolean; value: unknown }[] = [];
    try {
      begin.run();
      for (const job of jobs) {
        savepoint.run();
        try {
          let value = job.fn(db);
          if (value instanceof Promise) value = await value;
          outcomes.push({ ok: true, value });
        } catch (error) {
          undo.run();
          outcomes.push({ ok: false, value: error });
        }
        release.run();
      }
      commit.run();
    } catch (error) {
      if (client.inTransaction) client.run("ROLLBACK");
      for (const job of jobs) job.reject(error);
      return;
    }
    jobs.forEach((job, i) => {
      const outcome = outcomes[i] as { ok: boolean; value: unknown };
      if (outcome.ok) job.resolve(outcome.value);
      else job.reject(outcome.value);
    });
    // A microtask each: a listener that throws cannot break the flush or the other listeners.
    for (const listener of listeners) queueMicrotask(listener);
  }

  function start(): void {
    if (flushing) {
      // A job still awaiting something: the next batch waits for its COMMIT.
      void flushing.then(start, start);
      return;
    }
    flushing = flush().finally(() => {
      flushing = null;
    });
  }

  const write = <T>(fn: (db: Db) => T | Promise<T>) =>
    new Promise<T>((resolve, reject) => {
      // The first write of a batch schedules the flush; the rest of this turn joins it.
      if (queue.length === 0) setImmediate(start);
      queue.push({ fn, resolve: resolve as (value: unknown) => void, reject });
    });
  return Object.assign(write, {
    afterCommit(listener: () => void) {
      listeners.push(listener);
    },
  });
}
