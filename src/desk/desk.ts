// The desk: sessions, the queue and routing, and who is told what. Each operation's
// change runs as one store transaction (ingest.ts, steps.ts) with its event and audit
// row; pushes go out only after the commit, and the outbox itself wakes the webhooks.
import { DeskError } from "../errors";
import type { Blobs } from "../files/blobs";
import type { Group, IngestAnswer, Session } from "../model/desk";
import type { ActorType, AuditInput } from "../model/operations";
import { type Stores, withAudit } from "../store/stores";
import { sortItems } from "../wire/items";
import { push } from "../wire/pushes";
import { type Erased, eraseUser } from "./erase";
import { closedAt, hoursFor, nextOpening, openThroughout } from "./hours";
import type { Hub } from "./hub";
import { type IngestInput, ingest } from "./ingest";
import type { Presence } from "./presence";
import { acceptsAutomatic, groupWaitOver, STATUS } from "./routing";
import {
  agentReply,
  endSession,
  handOver,
  offerWaiting,
  pullWaiting,
  requeueSession,
  takeByHand,
} from "./steps";

/** A user's message as the bot sends it: what the store ingests, and a group by name. */
export type UserMessage = Pick<
  IngestInput,
  | "userid"
  | "userItems"
  | "robotItems"
  | "profile"
  | "handoff"
  | "msgid"
  | "priority"
  | "wantedAgent"
> & {
  /** The name of the skill group a new session should wait for. */
  group?: string;
  /** Out of business hours, a new session still opens and waits for the next shift. */
  leaveMessage?: boolean;
};

/** user_message's answer; out of business hours, when they open next and who is online. */
export interface DeskAnswer extends IngestAnswer {
  closed?: { nextOpen: number | null; agentsOnline: number };
}

export interface DeskOptions {
  /** Counts message items stored: from users ("in") and from agents ("out"). */
  onMessages: (direction: "in" | "out", items: number) => void;
  /** Where uploaded files' bytes are, for an erase to delete the user's. */
  blobs: Blobs;
}

/** Where transform sends a user: a colleague, a group's queue, or (neither) the queue. */
export interface Transfer {
  agentId?: number;
  group?: string;
}

/** The agent a desk operation acts for: its id and bot. */
export interface Actor {
  agentId: number;
  botId: number;
}

export class Desk {
  constructor(
    private readonly stores: Stores,
    private readonly presence: Presence,
    private readonly hub: Hub,
    private readonly options: DeskOptions,
  ) {}

  /** A user's message from the bot: stored, routed, and shown to the right agents. */
  async userMessage(botId: number, m: UserMessage): Promise<DeskAnswer> {
    const { group: groupName, leaveMessage, ...message } = m;
    let candidates = await this.presence.candidates(botId);
    let group: Group | null = null;
    if (groupName !== undefined) {
      group = await this.stores.groups.groupByName(botId, groupName);
      if (!group) throw new DeskError("notFound", `no group ${JSON.stringify(groupName)}`);
      const members = group.members;
      candidates = candidates.filter((id) => members.includes(id));
    }
    const groupId = group?.id;
    if (message.wantedAgent !== undefined) {
      const wanted = await this.stores.identity.getAgent(message.wantedAgent);
      if (wanted?.botId !== botId)
        throw new DeskError("notFound", `no agent ${message.wantedAgent}`);
    }
    const now = Date.now();
    const hours = hoursFor(group, (await this.stores.policy.get(botId))?.policy.hours);
    const closed = closedAt(hours, now)
      ? { nextOpen: nextOpening(hours, now), agentsOnline: await this.agentsOnline(botId) }
      : null;
    const input: IngestInput = {
      botId,
      ...message,
      ...(groupId === undefined ? {} : { groupId }),
      // Out of hours a new session opens only to leave a message, and is nobody's yet.
      ...(closed ? { handoff: message.handoff && leaveMessage === true } : {}),
      candidates: closed ? [] : candidates,
      now,
    };
    const result = await this.stores.transaction((tx) => ingest(tx, input));
    if (!result.replay) this.options.onMessages("in", m.userItems.length);
    const s = result.session;
    const answer: DeskAnswer = closed ? { ...result.answer, closed } : result.answer;
    if (result.replay || !s) return answer;
    const card = await this.card(botId, m.userid);
    if (s.state === "active" && s.agentId !== null) {
      await this.hub.toAgent(s.agentId, push.userMessage("connect_list_push", card, m.userItems));
      if (result.opened) {
        await this.hub.toBot(botId, push.connect(m.userid, s.agentId), { agentId: s.agentId });
      }
    } else {
      await this.hub.toBot(botId, push.userMessage("wait_list_push", card, m.userItems));
    }
    return answer;
  }

  /**
   * An agent takes a waiting user by hand (capacity does not apply). `audit` commits with
   * the change, here and in disconnect and transform.
   */
  async connect(actor: Actor, userid: string, audit?: AuditInput): Promise<void> {
    const s = await this.stores.sessions.open(actor.botId, userid);
    if (!s) throw new DeskError("notFound", `no waiting user ${userid}`);
    if (s.state === "active") {
      if (s.agentId === actor.agentId) return;
      throw new DeskError("conflict", `user ${userid} is already served by agent ${s.agentId}`);
    }
    const now = Date.now();
    if (!(await this.audited((tx) => takeByHand(tx, s, actor.agentId, now), audit))) {
      throw new DeskError("conflict", `user ${userid} was just taken by another agent`);
    }
    await this.hub.toBot(actor.botId, push.connect(userid, actor.agentId), {
      agentId: actor.agentId,
    });
  }

  /** An agent ends its session with a user. */
  /** `labels`: tags and a close reason (checked against the bot's lists) set as it ends. */
  async disconnect(
    actor: Actor,
    userid: string,
    audit?: AuditInput,
    labels: { tags?: string[]; reason?: string } = {},
  ): Promise<void> {
    const s = await this.mine(actor, userid);
    const now = Date.now();
    const ended = await this.audited(async (tx) => {
      if (labels.tags) await tx.labels.setTags(actor.botId, s.id, labels.tags);
      if (labels.reason) await tx.labels.setReason(actor.botId, s.id, labels.reason);
      // Not ended (no longer the agent's): the labels must not stay either.
      if (!(await endSession(tx, s, "agent_ended", actor.agentId, now))) {
        throw new DeskError("conflict", `user ${userid} is no longer yours`);
      }
      return true;
    }, audit);
    if (!ended) throw new DeskError("conflict", `user ${userid} is no longer yours`);
    await this.hub.toBot(actor.botId, push.disconnect(userid, actor.agentId), {
      agentId: actor.agentId,
    });
    await this.fill(actor.agentId);
  }

  /**
   * Gives a user back to the queue at its place (a group's queue when `to.group` names
   * one), or hands it to a colleague (`to.agentId`).
   */
  async transform(
    actor: Actor,
    userid: string,
    to: Transfer = {},
    audit?: AuditInput,
  ): Promise<void> {
    const s = await this.mine(actor, userid);
    if (to.agentId === undefined) {
      let groupId: number | undefined;
      if (to.group !== undefined) {
        const group = await this.stores.groups.groupByName(actor.botId, to.group);
        if (!group) throw new DeskError("notFound", `no group ${JSON.stringify(to.group)}`);
        groupId = group.id;
      }
      const now = Date.now();
      const requeued = await this.audited(
        (tx) => requeueSession(tx, s, "transfer", now, groupId),
        audit,
      );
      if (!requeued) throw new DeskError("conflict", `user ${userid} is no longer yours`);
      await this.hub.toBot(actor.botId, push.transfer(userid, actor.agentId, null), {
        agentId: actor.agentId,
      });
      await this.offer({ ...s, declinedBy: actor.agentId, groupId: groupId ?? s.groupId });
    } else {
      const toAgentId = to.agentId;
      if (toAgentId === actor.agentId) throw new DeskError("conflict", "the user is already yours");
      const target = await this.stores.identity.getAgent(toAgentId);
      if (!target) throw new DeskError("notFound", `no agent ${toAgentId}`);
      if (target.botId !== actor.botId) throw new DeskError("forbidden");
      if (!(await this.presence.isOnline(toAgentId))) {
        throw new DeskError("conflict", `agent ${toAgentId} is offline`);
      }
      const now = Date.now();
      const moved = await this.audited(
        (tx) => handOver(tx, s.id, actor.agentId, toAgentId, now),
        audit,
      );
      if (!moved) {
        throw new DeskError("conflict", `user ${userid} is no longer yours`);
      }
      const card = await this.card(actor.botId, userid);
      const last = await this.stores.history.lastUserMessage(actor.botId, userid);
      await this.hub.toAgent(toAgentId, push.userMessage("connect_list_push", card, last));
      await this.hub.toBot(actor.botId, push.transfer(userid, actor.agentId, toAgentId), {
        agentId: actor.agentId,
      });
    }
    await this.fill(actor.agentId);
  }

  /** An agent's reply, stored and queued for the bot. Invalid items are counted, not sent. */
  async sendToUser(
    actor: Actor,
    userid: string,
    raw: readonly unknown[],
  ): Promise<{ success: number; failure: number }> {
    const s = await this.mine(actor, userid);
    const { valid, failure } = sortItems(raw);
    if (valid.length > 0) {
      const now = Date.now();
      if (!(await this.stores.transaction((tx) => agentReply(tx, s, actor.agentId, valid, now)))) {
        throw new DeskError("conflict", `user ${userid} is no longer yours`);
      }
      this.options.onMessages("out", valid.length);
    }
    return { success: valid.length, failure };
  }

  /** A group's user waited out the group's fallback: anyone of the bot may take them now. */
  async fallBack(s: Session): Promise<void> {
    await this.offer(s, { list: false });
  }

  /**
   * An automatically assigned user whom the agent did not answer in time goes to the next
   * agent; several misses in a row set the agent away.
   */
  async expireFirstReply(s: Session, awayAfter: number): Promise<void> {
    const agentId = s.agentId;
    if (agentId === null) return;
    const now = Date.now();
    if (!(await this.stores.transaction((tx) => requeueSession(tx, s, "first_reply_timeout", now))))
      return;
    await this.hub.toBot(s.botId, push.transfer(s.userid, agentId, null, "first_reply_timeout"));
    const missed = await this.stores.identity.missedReply(agentId);
    const me = await this.presence.get(agentId);
    if (missed >= awayAfter && me && me.status === STATUS.online) {
      await this.stores.identity.setAgentStatus(agentId, STATUS.away);
      await this.stores.identity.resetMissedReplies(agentId);
      await this.presence.setStatus(agentId, STATUS.away);
      await this.hub.toBot(s.botId, push.status({ agentId, name: me.name, status: STATUS.away }));
    }
    await this.offer({ ...s, state: "waiting", agentId: null, declinedBy: agentId });
  }

  /** A session with no message either way since `quietSince` ends by itself. */
  async endIdle(s: Session, quietSince: number): Promise<void> {
    const now = Date.now();
    // A user waiting for the next shift: the quiet time counts only while open.
    const hours = s.state === "waiting" ? await this.hoursOf(s) : null;
    if (hours && !openThroughout(hours, quietSince, now)) return;
    const ended = await this.stores.transaction((tx) =>
      endSession(tx, s, "idle", null, now, quietSince),
    );
    if (!ended) return;
    await this.hub.toBot(s.botId, push.disconnect(s.userid, s.agentId, "idle"));
    if (s.agentId !== null) await this.fill(s.agentId);
  }

  /** Erases a user (erase.ts); the agents then see their session end. */
  async erase(
    botId: number,
    userid: string,
    actor: { type: ActorType; id: number | null },
  ): Promise<Erased | null> {
    const erased = await eraseUser(
      this.stores,
      this.options.blobs,
      botId,
      userid,
      actor,
      Date.now(),
    );
    const s = erased?.ended;
    if (!s) return erased;
    await this.hub.toBot(botId, push.disconnect(userid, s.agentId, "user_erased"));
    if (s.agentId !== null) await this.fill(s.agentId);
    return erased;
  }

  /** Gives an agent who has room (and takes users automatically) the oldest waiting users. */
  async fill(agentId: number): Promise<void> {
    const a = await this.presence.get(agentId);
    if (!a || !acceptsAutomatic(a)) return;
    const now = Date.now();
    const taken = await this.stores.transaction((tx) => pullWaiting(tx, agentId, now));
    if (taken.length === 0) return;
    for (const s of taken) await this.announceAssigned(s.botId, s.userid, agentId);
  }

  /**
   * The agent may have missed pushes (its node lost the bus for a while): it is told again
   * of each user it serves (connect_list_push) and each user waiting (wait_list_push), as a
   * login's pushes would have told it, with each user's last message.
   */
  async replayLists(agentId: number, botId: number): Promise<void> {
    const active = await this.stores.sessions.activeSessions(agentId);
    const waiting = await this.stores.sessions.waitingSessions(botId);
    const lists = [
      ...active.map((s) => ["connect_list_push", s.userid] as const),
      ...waiting.map((s) => ["wait_list_push", s.userid] as const),
    ];
    for (const [method, userid] of lists) {
      const card = await this.card(botId, userid);
      const last = await this.stores.history.lastUserMessage(botId, userid);
      await this.hub.toAgent(agentId, push.userMessage(method, card, last));
    }
  }

  /** Gives every user the agent serves back to the queue (a logout, or a grace run out). */
  async requeueAgent(agentId: number, reason: "agent_logout" | "agent_gone"): Promise<void> {
    const agent = await this.stores.identity.getAgent(agentId);
    if (!agent) return;
    for (const s of await this.stores.sessions.activeSessions(agentId)) {
      const now = Date.now();
      if (await this.stores.transaction((tx) => requeueSession(tx, s, reason, now))) {
        await this.hub.toBot(agent.botId, push.transfer(s.userid, agentId, null), { agentId });
        await this.offer({ ...s, state: "waiting", agentId: null });
      }
    }
  }

  /**
   * A session that (re)joined the queue: to an agent at once if one has room (one of its
   * group, until the group's fallback wait is over), else listed for all to see.
   */
  private async offer(s: Session, { list = true } = {}): Promise<void> {
    const now = Date.now();
    const group = s.groupId === null ? null : await this.stores.groups.getGroup(s.groupId);
    const botHours = (await this.stores.policy.get(s.botId))?.policy.hours;
    // Out of hours nobody is given a user automatically; they wait, listed for all.
    let candidates = closedAt(hoursFor(group, botHours), now)
      ? []
      : await this.presence.candidates(s.botId);
    if (group && !groupWaitOver(s, group, now)) {
      candidates = candidates.filter((id) => group.members.includes(id));
    }
    const assigned = await this.stores.transaction((tx) => offerWaiting(tx, s.id, candidates, now));
    if (assigned !== null) {
      await this.announceAssigned(s.botId, s.userid, assigned);
      return;
    }
    if (!list) return;
    const card = await this.card(s.botId, s.userid);
    const last = await this.stores.history.lastUserMessage(s.botId, s.userid);
    await this.hub.toBot(s.botId, push.userMessage("wait_list_push", card, last));
  }

  private async announceAssigned(botId: number, userid: string, agentId: number) {
    const card = await this.card(botId, userid);
    const last = await this.stores.history.lastUserMessage(botId, userid);
    await this.hub.toAgent(agentId, push.userMessage("connect_list_push", card, last));
    await this.hub.toBot(botId, push.connect(userid, agentId), { agentId });
  }

  /** The business hours a session's user is served in: its group's, else its bot's. */
  private async hoursOf(s: Session) {
    const group = s.groupId === null ? null : await this.stores.groups.getGroup(s.groupId);
    return hoursFor(group, (await this.stores.policy.get(s.botId))?.policy.hours);
  }

  /** The bot's agents logged in and not showing as offline. */
  private async agentsOnline(botId: number): Promise<number> {
    return (await this.presence.list(botId)).filter((a) => a.status !== STATUS.offline).length;
  }

  /** The caller's active session with the user: 404 if there is none, 409 if another's. */
  private async mine(actor: Actor, userid: string): Promise<Session> {
    const s = await this.stores.sessions.open(actor.botId, userid);
    if (s?.state !== "active") throw new DeskError("notFound", `no active session with ${userid}`);
    if (s.agentId !== actor.agentId) {
      throw new DeskError("conflict", `user ${userid} is served by agent ${s.agentId}`);
    }
    return s;
  }

  /** A change and its audit entry (if it took), in one transaction. */
  private audited(change: (tx: Stores) => Promise<boolean>, audit: AuditInput | undefined) {
    return withAudit(this.stores, change, (done) => (done ? audit : null));
  }

  private async card(botId: number, userid: string) {
    const u = await this.stores.identity.getUser(botId, userid);
    return { userid, nickname: u?.nickname ?? "", headImg: u?.head_img ?? "" };
  }
}
