// The desk's clock-driven rules (issue 9), as sweeps for the scheduler: an automatically
// assigned user the agent has not answered within the first-reply deadline goes to the
// next agent; a session with no message either way for the idle time ends; a group's user
// who waited out the group's fallback is offered to the whole bot. 0 turns a rule off.
// The first two read their work off the sessions themselves; the fallback's progress (the
// last moment swept) is kept in the sweeps table.
import type { Stores } from "../store/stores";
import type { Desk } from "./desk";
import type { Sweep } from "./scheduler";

export interface DeadlineOptions {
  firstReplyMs: number;
  idleCloseMs: number;
  awayAfterMisses: number;
}

export const GROUP_FALLBACK = "group_fallback";

/** What the sweeps ask of the desk. */
export type DeadlineRules = Pick<Desk, "expireFirstReply" | "endIdle" | "fallBack">;

/**
 * The sweeps of these rules. `startedAt`: where the fallback sweep begins on a database
 * that has never recorded its progress.
 */
export function deadlineSweeps(
  desk: DeadlineRules,
  stores: Stores,
  options: DeadlineOptions,
  startedAt: number,
): Sweep[] {
  const sweeps: Sweep[] = [];
  if (options.firstReplyMs > 0) {
    sweeps.push({
      name: "first_reply",
      async run(now) {
        for (const s of await stores.sessions.unansweredSince(now - options.firstReplyMs)) {
          await desk.expireFirstReply(s, options.awayAfterMisses);
        }
      },
    });
  }
  if (options.idleCloseMs > 0) {
    sweeps.push({
      name: "idle_close",
      async run(now) {
        const quietSince = now - options.idleCloseMs;
        for (const s of await stores.sessions.idleSince(quietSince)) {
          await desk.endIdle(s, quietSince);
        }
      },
    });
  }
  sweeps.push({
    name: GROUP_FALLBACK,
    async run(now) {
      const from = await stores.sweeps.progress(GROUP_FALLBACK);
      const after = from ?? startedAt;
      if (now <= after) return;
      // Recorded only once every user is offered: a run cut short is done again.
      for (const s of await stores.sessions.expiredGroupWaits(after, now)) await desk.fallBack(s);
      await stores.sweeps.advance(GROUP_FALLBACK, from, now);
    },
  });
  return sweeps;
}
