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
 * Returning users (issue 18): the agent who served the user last, if that session ended
 * within `windowMs`; preferredAgent then checks it may take them now. Null: no such agent.
 */
export function returningAgent(
  last: LastServed | null,
  windowMs: number | null,
  now: number,
): number | null {
  if (!last || windowMs === null || now - last.endedAt > windowMs) return null;
  return last.agentId;
}

/**
 * The order an agent with room takes waiting users in (issue 18): higher priority first,
 * then oldest first; but a user who has waited `agingMs` or more ranks above any priority,
 * so nobody who came later overtakes them (those aged are served oldest first).
 */
export function serveOrder<T extends Pick<Session, "id" | "queuedAt">>(
  waiting: readonly T[],
  priorities: ReadonlyMap<number, number>,
  now: number,
  agingMs: number,
): T[] {
  const rank = (s: T) =>
    now - s.queuedAt >= agingMs ? Number.POSITIVE_INFINITY : (priorities.get(s.id) ?? 0);
  return [...waiting].sort((a, b) => {
    const ra = rank(a);
    const rb = rank(b);
    return (ra === rb ? 0 : rb - ra) || a.queuedAt - b.queuedAt || a.id - b.id;
  });
}

/**
 * A new session's priority (issue 18): the one the bot gave, else the bot's VIP rule's when
 * the user's profile field equals its value, else 0.
 */
export function priorityOf(
  given: number | undefined,
  rule: { field: string; equals: unknown; priority: number } | null,
  profile: Record<string, unknown> | null,
): number {
  if (given !== undefined) return given;
  if (rule && profile && profile[rule.field] === rule.equals) return rule.priority;
  return 0;
}

/**
 * Which agent a new session asks for first (issue 18): the agent the bot named, else the
 * one a returning user goes back to; each only if among `loads` (taking users
 * automatically now) with room and not the one who gave this user back. Null: the usual rule.
 */
export function preferredAgent(
  wanted: readonly (number | null)[],
  loads: AgentLoad[],
  declinedBy: number | null,
): number | null {
  for (const id of wanted) {
    const a = id === null ? undefined : loads.find((l) => l.agentId === id);
    if (a && a.active < a.maxSessions && a.agentId !== declinedBy) return a.agentId;
  }
  return null;
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
