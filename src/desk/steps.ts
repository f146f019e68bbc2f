// The desk's changes to sessions, as steps of one transaction: each makes the store's
// guarded change and, if it took, commits the event that reports it in the same
// transaction. Which agent, which event and what "declined" means are decided here.
import type { MessageItem, RequeueReason, Session } from "../model/desk";
import type { Stores } from "../store/stores";
import type { BusinessHours } from "../wire/hours";
import { deskEvents } from "./events";
import { closedAt, hoursFor } from "./hours";
import { chooseAgent, declinedAfter, mayAssign, preferredAgent, serveOrder } from "./routing";

/** Agents a new session asks for before the usual rule (issue 18); null: none. */
export interface Wanted {
  /** The agent the bot named in user_message. */
  named: number | null;
  /** The agent a returning user goes back to. */
  back: number | null;
}

/**
 * Gives a waiting session to the candidate routing picks: the agent it asks for, if that
 * one may take it now, else the usual rule. Returns that agent, or null.
 */
export async function autoAssign(
  tx: Stores,
  s: Session,
  candidates: readonly number[],
  now: number,
  wanted: Wanted = { named: null, back: null },
): Promise<number | null> {
  // The loads are read unlocked; the take locks the chosen agent and counts again. Filled
  // meanwhile by a take on another node, it is passed over for the next who has room.
  let left = [...candidates];
  for (;;) {
    const loads = await tx.sessions.loads(left);
    const agentId =
      preferredAgent([wanted.named, wanted.back], loads, s.declinedBy) ??
      chooseAgent(loads, s.declinedBy);
    if (agentId === null) return null;
    if (await tx.sessions.take(s.id, agentId, "auto", now)) {
      const how = { requested: agentId === wanted.named, returning: agentId === wanted.back };
      await tx.outbox.append(deskEvents.connected(s, agentId, "auto", how), now);
      return agentId;
    }
    if ((await tx.sessions.byId(s.id))?.state !== "waiting") return null;
    left = left.filter((id) => id !== agentId);
  }
}

/** Offers a session that (re)joined the queue to the candidates, as the store has it now. */
export async function offerWaiting(
  tx: Stores,
  sessionId: number,
  candidates: readonly number[],
  now: number,
): Promise<number | null> {
  const s = await tx.sessions.byId(sessionId);
  return s?.state === "waiting" ? autoAssign(tx, s, candidates, now) : null;
}

/** An agent takes a waiting session by hand (capacity does not apply). */
export async function takeByHand(
  tx: Stores,
  s: Session,
  agentId: number,
  now: number,
): Promise<boolean> {
  if (!(await tx.sessions.take(s.id, agentId, "manual", now))) return false;
  await tx.outbox.append(deskEvents.connected(s, agentId, "manual"), now);
  return true;
}

/**
 * Fills an agent's free capacity with the waiting users it may take, oldest first; when
 * some have a priority, in serveOrder's order (higher first, within the aging limit).
 */
export async function pullWaiting(tx: Stores, agentId: number, now: number): Promise<Session[]> {
  const agent = await tx.identity.getAgent(agentId);
  if (!agent) return [];
  const [load] = await tx.sessions.loads([agentId]);
  const room = agent.maxSessions - (load?.active ?? 0);
  if (room <= 0) return [];
  const groups = await tx.groups.listGroups(agent.botId);
  const waiting = await tx.sessions.queue(agent.botId);
  const priorities = await tx.priority.of(waiting.map((s) => s.id));
  const policy = (await tx.policy.get(agent.botId))?.policy;
  const agingS = policy?.priority_aging_s ?? 0;
  const order = priorities.size > 0 ? serveOrder(waiting, priorities, now, agingS * 1000) : waiting;
  // Out of business hours (the user's group's, else the bot's) nobody is taken automatically;
  // reckoned once per schedule, not per waiting user.
  const reckoned = new Map<BusinessHours | null, boolean>();
  const closed = (s: Session) => {
    const hours = hoursFor(
      groups.find((g) => g.id === s.groupId),
      policy?.hours,
    );
    let shut = reckoned.get(hours);
    if (shut === undefined) {
      shut = closedAt(hours, now);
      reckoned.set(hours, shut);
    }
    return shut;
  };
  const taken: Session[] = [];
  for (const s of order) {
    if (taken.length >= room) break;
    if (!mayAssign(s, agentId, groups, now) || closed(s)) continue;
    if (await tx.sessions.take(s.id, agentId, "auto", now)) {
      await tx.outbox.append(deskEvents.connected(s, agentId, "auto"), now);
      taken.push({ ...s, state: "active", agentId, assignedAt: now });
    }
  }
  return taken;
}

/** Ends the session as `held` saw it (`quietSince`: only if nobody spoke since). */
export async function endSession(
  tx: Stores,
  held: Session,
  reason: string,
  byAgent: number | null,
  now: number,
  quietSince?: number,
): Promise<boolean> {
  const ended = await tx.sessions.end(held, reason, now, quietSince);
  if (!ended) return false;
  const labels = await tx.labels.ofSession(ended.id);
  await tx.outbox.append(deskEvents.ended(ended, byAgent, reason, labels), now);
  return true;
}

/**
 * Back to the queue at its place (`groupId`: a group's queue). After a first-reply
 * timeout, only if the agent has still not answered.
 */
export async function requeueSession(
  tx: Stores,
  held: Session,
  reason: RequeueReason,
  now: number,
  groupId?: number,
): Promise<boolean> {
  const change = {
    declinedBy: declinedAfter(held, reason),
    groupId,
    unansweredOnly: reason === "first_reply_timeout",
  };
  if (!(await tx.sessions.requeue(held, change, now))) return false;
  await tx.outbox.append(deskEvents.requeued(held, reason), now);
  return true;
}

/** From one agent to a colleague, if the session is still the first agent's. */
export async function handOver(
  tx: Stores,
  sessionId: number,
  fromAgent: number,
  toAgent: number,
  now: number,
): Promise<boolean> {
  const s = await tx.sessions.handOver(sessionId, fromAgent, toAgent, now);
  if (!s) return false;
  await tx.outbox.append(deskEvents.transferred(s, fromAgent, toAgent), now);
  return true;
}

/** An agent's reply: stored with its event, if the session is still that agent's. */
export async function agentReply(
  tx: Stores,
  s: Session,
  agentId: number,
  items: MessageItem[],
  now: number,
): Promise<boolean> {
  if (!(await tx.sessions.replied(s.id, agentId, now))) return false;
  await tx.identity.resetMissedReplies(agentId);
  const origin = { botId: s.botId, userid: s.userid, sessionId: s.id, agentId };
  await tx.history.append(origin, "agent", items, now);
  await tx.outbox.append(deskEvents.agentMessage(s, agentId, items), now);
  return true;
}
