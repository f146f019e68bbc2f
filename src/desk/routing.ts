// Who gets a waiting user: pure decisions over what the database holds, easy to test.
import type { AgentLoad, Group, RequeueReason, Session } from "../model/desk";

export const STATUS = { offline: 0, online: 1, busy: 2, away: 3 } as const;

/** Agents the desk may assign to automatically: online (status 1) with auto-connect on. */
export function acceptsAutomatic(a: { status: number; autoConnect: boolean }): boolean {
  return a.status === STATUS.online && a.autoConnect;
}

/**
 * The contract's rule: among agents with room, the least loaded first, then the one who
 * waited longest since its last assignment. Never the agent who gave this user back.
 */
export function chooseAgent(loads: AgentLoad[], declinedBy: number | null): number | null {
  let best: AgentLoad | null = null;
  for (const a of loads) {
    if (a.active >= a.maxSessions || a.agentId === declinedBy) continue;
    if (
      !best ||
      a.active < best.active ||
      (a.active === best.active &&
        (a.lastAssignedAt < best.lastAssignedAt ||
          (a.lastAssignedAt === best.lastAssignedAt && a.agentId < best.agentId)))
    ) {
      best = a;
    }
  }
  return best?.agentId ?? null;
}

/** Who served a returning user last, and when that session ended (ms). */
export interface LastServed {
  agentId: number;
  endedAt: number;
}

/**
 * Returning users (issue 18): a new session of a user whose last session (with an agent)
 * ended within `windowMs` goes to that agent, if it is among `loads` (the agents who may
 * take users automatically now), has room and did not give this user back. Null: the
 * usual rule decides (chooseAgent).
 */
export function returningAgent(
  last: LastServed | null,
  windowMs: number | null,
  loads: AgentLoad[],
  declinedBy: number | null,
  now: number,
): number | null {
  if (!last || windowMs === null || now - last.endedAt > windowMs) return null;
  const agent = loads.find((a) => a.agentId === last.agentId);
  if (!agent || agent.active >= agent.maxSessions || agent.agentId === declinedBy) return null;
  return agent.agentId;
}

/**
 * The "declined" rule: a user given back by hand, or left unanswered past the first-reply
 * deadline, is never automatically offered again to the agent who let it go. Other
 * returns (logout, a lost connection) keep whom the session already remembered.
 */
export function declinedAfter(held: Session, reason: RequeueReason): number | null {
  return reason === "transfer" || reason === "first_reply_timeout" ? held.agentId : held.declinedBy;
}

/** A group's user goes to its members until its fallback wait is over, then to anyone. */
export function groupWaitOver(s: Session, group: Group, now: number): boolean {
  return s.queuedAt + group.fallbackAfterS * 1000 <= now;
}

/**
 * Whether a waiting user may go to this agent automatically: not if the agent declined
 * it; a group's user only to a member, or to anyone once the group's wait is over.
 * `groups`: the bot's groups.
 */
export function mayAssign(s: Session, agentId: number, groups: Group[], now: number): boolean {
  if (s.declinedBy === agentId) return false;
  if (s.groupId === null) return true;
  const group = groups.find((g) => g.id === s.groupId);
  if (!group) return false;
  return group.members.includes(agentId) || groupWaitOver(s, group, now);
}
