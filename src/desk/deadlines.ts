// The desk's clock-driven rules (issue 9): an automatically assigned user the agent has
// not answered within the first-reply deadline goes to the next agent; a session with no
// message either way for the idle time ends; a group's user who waited out the group's
// fallback is offered to the whole bot. 0 turns a rule off.
import type { SessionStore } from "../store/sessions";
import type { Desk } from "./desk";

export interface DeadlineOptions {
  firstReplyMs: number;
  idleCloseMs: number;
  awayAfterMisses: number;
  tickMs: number;
  /** Another clock-driven sweep run on the same tick (the drop grace, lifecycle.ts). */
  alsoSweep: (now: number) => Promise<void>;
}

/** Runs the rules every tick (never two at once). Returns a stop that awaits the current one. */
export function startDeadlines(
  desk: Desk,
  sessions: SessionStore,
  options: DeadlineOptions,
  onError: (err: unknown) => void,
): () => Promise<void> {
  let last = Date.now();
  let running: Promise<void> | null = null;
  const tick = async () => {
    const now = Date.now();
    if (options.firstReplyMs > 0) {
      for (const s of await sessions.unansweredSince(now - options.firstReplyMs)) {
        await desk.expireFirstReply(s, options.awayAfterMisses);
      }
    }
    if (options.idleCloseMs > 0) {
      const quietSince = now - options.idleCloseMs;
      for (const s of await sessions.idleSince(quietSince)) await desk.endIdle(s, quietSince);
    }
    for (const s of await sessions.expiredGroupWaits(last, now)) await desk.fallBack(s);
    await options.alsoSweep(now);
    last = now;
  };
  const timer = setInterval(() => {
    if (running) return;
    running = tick()
      .catch(onError)
      .finally(() => {
        running = null;
      });
  }, options.tickMs);
  return async () => {
    clearInterval(timer);
    await running;
  };
}
