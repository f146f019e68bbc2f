// The Store on SQLite (bun:sqlite through drizzle). bun:sqlite is synchronous, so each
// method runs its transaction to the end before the event loop moves on: no interleaving.
import { randomUUID } from "node:crypto";
import { and, asc, count, desc, eq, inArray, isNotNull, isNull, sql } from "drizzle-orm";
import { hashSecret, newSecret, newWebhookSecret, secretMatches } from "../secrets";
import type { MessageItem } from "../wire/items";
import type { Profile, UserInfo } from "../wire/profile";
import type { Db } from "./db";
import { groupCommit } from "./group-commit";
import type { AuditInput } from "./ops-store";
import { agents, agentTokens, bots, events, sessions, users } from "./schema/desk";
import { agentGroups, groups } from "./schema/operations";
import { createFirstBotAndAgent } from "./sqlite-first-start";
import {
  prepareStatements,
  type Statements,
  sessionColumns,
  writeAudit,
} from "./sqlite-statements";
import type {
  Agent,
  AgentLoad,
  Bot,
  BotEvent,
  ChatEntry,
  Chooser,
  Group,
  IngestAnswer,
  IngestInput,
  IngestResult,
  NewEvent,
  Session,
  SessionView,
  Store,
} from "./store";

type Tx = Parameters<Parameters<Db["transaction"]>[0]>[0];
type Conn = Db | Tx;

const PROFILE_COLUMNS = {
  nickname: "nickname",
  head_img: "headImg",
  sex: "sex",
  city: "city",
  province: "province",
  country: "country",
  mobile: "mobile",
  realname: "realname",
  openid: "openid",
  wid: "wid",
  att_time: "attTime",
  active_time: "activeTime",
} as const satisfies Record<keyof Profile, keyof typeof users.$inferInsert>;

function toBot(row: typeof bots.$inferSelect): Bot {
  return {
    id: row.id,
    name: row.name,
    webhookUrl: row.webhookUrl,
    webhookSecret: row.webhookSecret,
    webhookEnabled: row.webhookEnabled,
  };
}

function toAgent(row: typeof agents.$inferSelect): Agent {
  return {
    id: row.id,
    botId: row.botId,
    name: row.name,
    headImg: row.headImg,
    maxSessions: row.maxSessions,
    autoConnect: row.autoConnect,
    status: row.status,
    lastAssignedAt: row.lastAssignedAt,
  };
}

const seconds = (ms: number) => Math.floor(ms / 1000);

function appendEvent(q: Statements, e: NewEvent, now: number): void {
  q.appendEvent.run({
    id: `evt_${randomUUID().replaceAll("-", "")}`,
    botId: e.botId,
    userid: e.userid,
    type: e.type,
    body: JSON.stringify(e.payload),
    now,
  });
}

function toBotEvent(row: typeof events.$inferSelect): BotEvent {
  return {
    ...(JSON.parse(row.body) as Record<string, unknown>),
    id: row.id,
    seq: row.seq,
    event: row.type as BotEvent["event"],
    bid: row.botId,
    userid: row.userid,
    timestamp: seconds(row.createdAt),
  };
}

function loadsOf(q: Statements, candidates: number[]): AgentLoad[] {
  if (candidates.length === 0) return [];
  return q.loads.all({ ids: JSON.stringify(candidates) });
}

/** The one atomic step that gives a waiting session to an agent. */
function assign(
  q: Statements,
  session: Session,
  agentId: number,
  how: "auto" | "manual",
  now: number,
) {
  const auto = how === "auto";
  if (q.takeSession.all({ id: session.id, agentId, now, auto }).length !== 1) return false;
  q.openAssignment.run({ sessionId: session.id, botId: session.botId, agentId, now });
  q.touchAgent.run({ agentId, now });
  appendEvent(
    q,
    {
      type: "session_connected",
      botId: session.botId,
      userid: session.userid,
      payload: { session_id: session.id, customer_id: agentId, assigned: how },
    },
    now,
  );
  return true;
}

/** The audit entry of a change, if any, in the change's own transaction. */
function auditIn(q: Statements, entry: AuditInput | undefined): void {
  if (entry) writeAudit(q, entry);
}

/** The session is still as `held` saw it: same state, same agent, same assignment. */
function stillHeld(held: Session) {
  return and(
    eq(sessions.id, held.id),
    eq(sessions.state, held.state),
    held.agentId === null ? isNull(sessions.agentId) : eq(sessions.agentId, held.agentId),
    held.assignedAt === null
      ? isNull(sessions.assignedAt)
      : eq(sessions.assignedAt, held.assignedAt),
  );
}

function autoAssignIn(
  _tx: Conn,
  q: Statements,
  session: Session,
  candidates: number[],
  choose: Chooser,
  now: number,
) {
  const agentId = choose(loadsOf(q, candidates), session.declinedBy);
  if (agentId === null) return null;
  return assign(q, session, agentId, "auto", now) ? agentId : null;
}

function insertItems(
  q: Statements,
  base: { botId: number; userid: string; sessionId: number | null; agentId: number | null },
  from: "user" | "agent" | "robot",
  items: MessageItem[],
  now: number,
) {
  let batch: number | null = null;
  for (const item of items) {
    const row = q.insertMessage.get({
      ...base,
      batch,
      from,
      type: item.type,
      value: JSON.stringify(item.value),
      now,
    });
    batch ??= row?.batch ?? null;
  }
}

function upsertProfileIn(
  tx: Conn,
  botId: number,
  userid: string,
  profile: Record<string, unknown>,
  now: number,
) {
  const known: Partial<typeof users.$inferInsert> = {};
  const extra: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(profile)) {
    const column = PROFILE_COLUMNS[k as keyof Profile];
    if (column) Object.assign(known, { [column]: v });
    else if (k !== "bid" && k !== "userid") extra[k] = v;
  }
  const existing = tx
    .select({ extra: users.extra })
    .from(users)
    .where(and(eq(users.botId, botId), eq(users.userid, userid)))
    .get();
  const mergedExtra = JSON.stringify({ ...(existing ? JSON.parse(existing.extra) : {}), ...extra });
  tx.insert(users)
    .values({ botId, userid, ...known, extra: mergedExtra, createdAt: now })
    .onConflictDoUpdate({
      target: [users.botId, users.userid],
      set: { ...known, extra: mergedExtra },
    })
    .run();
}

function toGroup(row: typeof groups.$inferSelect) {
  return { id: row.id, botId: row.botId, name: row.name, fallbackAfterS: row.fallbackAfterS };
}

function withMembers(db: Db, row: typeof groups.$inferSelect): Group {
  const members = db
    .select({ agentId: agentGroups.agentId })
    .from(agentGroups)
    .where(eq(agentGroups.groupId, row.id))
    .orderBy(asc(agentGroups.agentId))
    .all()
    .map((m) => m.agentId);
  return { ...toGroup(row), members };
}

function lastUserItems(q: Statements, botId: number, userid: string): MessageItem[] {
  const batch = q.lastUserBatch.get({ botId, userid })?.batch;
  if (!batch) return [];
  return q.batchItems
    .all({ botId, userid, batch })
    .map((m) => ({ type: m.type as MessageItem["type"], value: JSON.parse(m.value) }));
}

export function createSqliteStore(db: Db): Store {
  const q = prepareStatements(db);
  const historyPage = (botId: number, userid: string, limit: number, offset: number): ChatEntry[] =>
    q.messagePage.all({ botId, userid, limit, offset }).map((m) => ({
      createdAt: m.createdAt,
      from: m.from,
      agentId: m.agentId,
      item: { type: m.type as MessageItem["type"], value: JSON.parse(m.value) },
    }));
  const sessionById = (id: number): Session | null => q.sessionById.get({ id }) ?? null;
  const openSession = (botId: number, userid: string): Session | null =>
    q.openSession.get({ botId, userid }) ?? null;
  const write = groupCommit(db);

  const views = (rows: Session[]): SessionView[] =>
    rows.map((s) => {
      const u = db
        .select({ nickname: users.nickname, headImg: users.headImg })
        .from(users)
        .where(and(eq(users.botId, s.botId), eq(users.userid, s.userid)))
        .get();
      return {
        ...s,
        nickname: u?.nickname ?? "",
        headImg: u?.headImg ?? "",
        lastMessage: lastUserItems(q, s.botId, s.userid),
      };
    });

  return {
    async createBot({ name, webhookUrl, now }, audit) {
      const apiKey = newSecret("kfk");
      const bot = await write((tx) => {
        const made = toBot(
          tx
            .insert(bots)
            .values({
              name,
              webhookUrl,
              webhookSecret: newWebhookSecret(),
              apiKeyHash: hashSecret(apiKey),
              createdAt: now,
            })
            .returning()
            .get(),
        );
        auditIn(q, audit?.(made));
        return made;
      });
      return { bot, apiKey };
    },
    async listBots() {
      return db.select().from(bots).orderBy(asc(bots.id)).all().map(toBot);
    },
    async getBot(id) {
      const row = q.botById.get({ id });
      return row ? toBot(row) : null;
    },
    async botByApiKey(apiKey) {
      const row = q.botByKeyHash.get({ hash: hashSecret(apiKey) });
      return row && secretMatches(apiKey, row.apiKeyHash) ? toBot(row) : null;
    },
    async disableWebhook(botId) {
      await write((tx) => {
        tx.update(bots).set({ webhookEnabled: false }).where(eq(bots.id, botId)).run();
        tx.update(events)
          .set({ delivery: "failed", lastError: "webhook answered 410 Gone: turned off" })
          .where(and(eq(events.botId, botId), eq(events.delivery, "pending")))
          .run();
      });
    },

    async createAgent({ botId, name, headImg, maxSessions, now }, audit) {
      const token = newSecret("kft");
      const agent = await write((tx) => {
        const a = toAgent(
          tx
            .insert(agents)
            .values({ botId, name, headImg, maxSessions, createdAt: now })
            .returning()
            .get(),
        );
        tx.insert(agentTokens)
          .values({ agentId: a.id, tokenHash: hashSecret(token), createdAt: now })
          .run();
        auditIn(q, audit?.(a));
        return a;
      });
      return { agent, token };
    },
    async rotateToken(agentId, now, audit) {
      const token = newSecret("kft");
      const done = await write((tx) => {
        if (!tx.select({ id: agents.id }).from(agents).where(eq(agents.id, agentId)).get())
          return false;
        tx.insert(agentTokens)
          .values({ agentId, tokenHash: hashSecret(token), createdAt: now })
          .onConflictDoUpdate({
            target: agentTokens.agentId,
            set: { tokenHash: hashSecret(token), createdAt: now },
          })
          .run();
        auditIn(q, audit);
        return true;
      });
      return done ? token : null;
    },
    async createFirstBotAndAgent(now) {
      return createFirstBotAndAgent(db, now);
    },
    async rotateApiKey(botId, audit) {
      const apiKey = newSecret("kfk");
      const done = await write((tx) => {
        const row = tx
          .update(bots)
          .set({ apiKeyHash: hashSecret(apiKey) })
          .where(eq(bots.id, botId))
          .returning({ id: bots.id })
          .get();
        if (row) auditIn(q, audit);
        return row !== undefined;
      });
      return done ? apiKey : null;
    },
    async agentByToken(token) {
      const row = q.agentByTokenHash.get({ hash: hashSecret(token) });
      return row && secretMatches(token, row.hash) ? toAgent(row.agent) : null;
    },
    async getAgent(id) {
      const row = q.agentById.get({ id });
      return row ? toAgent(row) : null;
    },
    async listAgents(botId) {
      return db
        .select()
        .from(agents)
        .where(eq(agents.botId, botId))
        .orderBy(asc(agents.id))
        .all()
        .map(toAgent);
    },
    async setAgentStatus(agentId, status, audit) {
      await write(() => {
        q.setStatus.run({ agentId, status });
        auditIn(q, audit);
      });
    },
    async setAutoConnect(agentId, on, audit) {
      await write(() => {
        db.update(agents).set({ autoConnect: on }).where(eq(agents.id, agentId)).run();
        auditIn(q, audit);
      });
    },
    async agentsWithActiveSessions() {
      return db
        .selectDistinct({ agentId: sessions.agentId })
        .from(sessions)
        .where(and(eq(sessions.state, "active"), isNotNull(sessions.agentId)))
        .all()
        .map((r) => r.agentId as number);
    },

    async upsertProfile(botId, userid, profile, now) {
      await write((tx) => upsertProfileIn(tx, botId, userid, profile, now));
    },
    async getUser(botId, userid) {
      const row = q.user.get({ botId, userid });
      if (!row) return null;
      const info: Record<string, unknown> = { ...JSON.parse(row.extra), bid: botId, userid };
      for (const [field, column] of Object.entries(PROFILE_COLUMNS)) info[field] = row[column];
      return info as UserInfo;
    },

    async ingestUserMessage(input: IngestInput): Promise<IngestResult> {
      const { botId, userid, now } = input;
      return write((tx) => {
        const { msgid } = input;
        if (msgid) {
          const seen = q.seenIngest.get({ botId, userid, msgid });
          if (seen) {
            const answer = JSON.parse(seen.answer) as IngestAnswer;
            const session = answer.session_id === null ? null : sessionById(answer.session_id);
            return { session, opened: false, replay: true, answer };
          }
        }
        if (input.profile) upsertProfileIn(tx, botId, userid, input.profile, now);
        else q.ensureUser.run({ botId, userid, now });

        let session = openSession(botId, userid);
        let opened = false;
        if (!session && input.handoff) {
          session =
            q.openWaiting.get({ botId, userid, now, groupId: input.groupId ?? null }) ?? null;
          opened = true;
        } else if (session) {
          q.touchSession.run({ id: session.id, now });
        }
        const base = { botId, userid, sessionId: session?.id ?? null, agentId: null };
        insertItems(q, base, "user", input.userItems, now);
        insertItems(q, base, "robot", input.robotItems, now);

        if (session && opened) {
          autoAssignIn(tx, q, session, input.candidates, input.choose, now);
          session = sessionById(session.id);
        }
        const answer: IngestAnswer = {
          session_id: session?.id ?? null,
          state: session ? (session.state as "waiting" | "active") : "none",
          customer_id: session?.agentId ?? null,
        };
        if (msgid)
          q.recordIngest.run({ botId, userid, msgid, answer: JSON.stringify(answer), now });
        return { session, opened, replay: false, answer };
      });
    },
    async openSession(botId, userid) {
      return openSession(botId, userid);
    },
    async takeSession(sessionId, agentId, now, audit) {
      return write(() => {
        const s = sessionById(sessionId);
        if (!s || !assign(q, s, agentId, "manual", now)) return null;
        auditIn(q, audit);
        return sessionById(sessionId);
      });
    },
    async autoAssign(sessionId, candidates, choose, now) {
      return write((tx) => {
        const s = sessionById(sessionId);
        if (s?.state !== "waiting") return null;
        return autoAssignIn(tx, q, s, candidates, choose, now);
      });
    },
    async pullWaiting(agentId, now) {
      return write((tx) => {
        const agent = tx.select().from(agents).where(eq(agents.id, agentId)).get();
        if (!agent) return [];
        const [load] = loadsOf(q, [agentId]);
        const room = agent.maxSessions - (load?.active ?? 0);
        if (room <= 0) return [];
        const waiting = tx
          .select(sessionColumns)
          .from(sessions)
          .where(
            and(
              eq(sessions.botId, agent.botId),
              eq(sessions.state, "waiting"),
              sql`(${sessions.declinedBy} IS NULL OR ${sessions.declinedBy} <> ${agentId})`,
              // A group's users go to its members, or to anyone once its fallback wait is over.
              sql`(${sessions.groupId} IS NULL
                OR ${sessions.groupId} IN (SELECT group_id FROM agent_groups WHERE agent_id = ${agentId})
                OR ${sessions.queuedAt} + 1000 * (SELECT fallback_after_s FROM groups WHERE id = ${sessions.groupId}) <= ${now})`,
            ),
          )
          .orderBy(asc(sessions.queuedAt), asc(sessions.id))
          .limit(room)
          .all();
        const taken: Session[] = [];
        for (const s of waiting) {
          if (assign(q, s, agentId, "auto", now))
            taken.push({ ...s, state: "active", agentId, assignedAt: now });
        }
        return taken;
      });
    },
    async endSession(held, reason, byAgent, now, { audit, quietSince } = {}) {
      return write((tx) => {
        if (held.state === "ended") return false;
        const ended = tx
          .update(sessions)
          .set({ state: "ended", endedAt: now, endedReason: reason })
          .where(
            and(
              stillHeld(held),
              quietSince === undefined
                ? undefined
                : sql`${sessions.lastActivityAt} <= ${quietSince}`,
            ),
          )
          .returning(sessionColumns)
          .all();
        const s = ended[0];
        if (!s) return false;
        q.releaseAssignment.run({ sessionId: s.id, now });
        auditIn(q, audit);
        appendEvent(
          q,
          {
            type: "session_ended",
            botId: s.botId,
            userid: s.userid,
            payload: { session_id: s.id, customer_id: byAgent ?? s.agentId, reason },
          },
          now,
        );
        return true;
      });
    },
    async requeueSession(held, reason, now, { groupId, audit } = {}) {
      return write((tx) => {
        if (held.state !== "active") return false;
        // Given back by hand, or left unanswered: that agent is not offered it again.
        const declined = reason === "transfer" || reason === "first_reply_timeout";
        const moved = tx
          .update(sessions)
          .set({
            state: "waiting",
            agentId: null,
            assignedAt: null,
            assignedAuto: false,
            firstReplyAt: null,
            declinedBy: declined ? sql`${sessions.agentId}` : sql`${sessions.declinedBy}`,
            // A group deleted meanwhile: the whole queue, as deleteGroup leaves its users.
            groupId:
              groupId === undefined
                ? sql`${sessions.groupId}`
                : sql`(SELECT id FROM groups WHERE id = ${groupId})`,
          })
          .where(
            and(
              stillHeld(held),
              // An answer that came in meanwhile keeps the user with the agent.
              reason === "first_reply_timeout" ? isNull(sessions.firstReplyAt) : undefined,
            ),
          )
          .returning({ id: sessions.id })
          .all();
        if (moved.length !== 1) return false;
        q.releaseAssignment.run({ sessionId: held.id, now });
        auditIn(q, audit);
        appendEvent(
          q,
          {
            type: "session_requeued",
            botId: held.botId,
            userid: held.userid,
            payload: { session_id: held.id, from_customer_id: held.agentId, reason },
          },
          now,
        );
        return true;
      });
    },
    async handOver(sessionId, fromAgent, toAgent, now, audit) {
      return write((tx) => {
        const moved = tx
          .update(sessions)
          .set({ agentId: toAgent, assignedAt: now, assignedAuto: false })
          .where(
            and(
              eq(sessions.id, sessionId),
              eq(sessions.state, "active"),
              eq(sessions.agentId, fromAgent),
            ),
          )
          .returning({ id: sessions.id })
          .all();
        if (moved.length !== 1) return false;
        const s = sessionById(sessionId) as Session;
        q.releaseAssignment.run({ sessionId, now });
        q.openAssignment.run({ sessionId, botId: s.botId, agentId: toAgent, now });
        tx.update(agents).set({ lastAssignedAt: now }).where(eq(agents.id, toAgent)).run();
        auditIn(q, audit);
        appendEvent(
          q,
          {
            type: "session_transferred",
            botId: s.botId,
            userid: s.userid,
            payload: { session_id: s.id, from_customer_id: fromAgent, customer_id: toAgent },
          },
          now,
        );
        return true;
      });
    },
    async waitingSessions(botId) {
      const rows = db
        .select(sessionColumns)
        .from(sessions)
        .where(and(eq(sessions.botId, botId), eq(sessions.state, "waiting")))
        .orderBy(asc(sessions.queuedAt), asc(sessions.id))
        .all();
      return views(rows);
    },
    async activeSessions(agentId) {
      const rows = db
        .select(sessionColumns)
        .from(sessions)
        .where(and(eq(sessions.agentId, agentId), eq(sessions.state, "active")))
        .orderBy(desc(sessions.assignedAt), desc(sessions.id))
        .all();
      return views(rows);
    },
    async activeUserids(agentId) {
      return db
        .select({ userid: sessions.userid })
        .from(sessions)
        .where(and(eq(sessions.agentId, agentId), eq(sessions.state, "active")))
        .orderBy(asc(sessions.assignedAt))
        .all()
        .map((r) => r.userid);
    },
    async countWaiting() {
      return (
        db.select({ n: count() }).from(sessions).where(eq(sessions.state, "waiting")).get()?.n ?? 0
      );
    },
    async createGroup(botId, name, fallbackAfterS, now, audit) {
      return write((tx) => {
        const row = tx
          .insert(groups)
          .values({ botId, name, fallbackAfterS, createdAt: now })
          .onConflictDoNothing()
          .returning()
          .get();
        if (!row) return null;
        const group = { ...toGroup(row), members: [] };
        auditIn(q, audit?.(group));
        return group;
      });
    },
    async listGroups(botId) {
      return db
        .select()
        .from(groups)
        .where(eq(groups.botId, botId))
        .orderBy(asc(groups.id))
        .all()
        .map((g) => withMembers(db, g));
    },
    async getGroup(id) {
      const g = db.select().from(groups).where(eq(groups.id, id)).get();
      return g ? withMembers(db, g) : null;
    },
    async groupByName(botId, name) {
      const g = db
        .select()
        .from(groups)
        .where(and(eq(groups.botId, botId), eq(groups.name, name)))
        .get();
      return g ? withMembers(db, g) : null;
    },
    async setGroupMember(groupId, agentId, member, audit) {
      return write((tx) => {
        const g = tx.select().from(groups).where(eq(groups.id, groupId)).get();
        const a = tx.select().from(agents).where(eq(agents.id, agentId)).get();
        if (!g || !a || a.botId !== g.botId) return false;
        if (member) tx.insert(agentGroups).values({ groupId, agentId }).onConflictDoNothing().run();
        else
          tx.delete(agentGroups)
            .where(and(eq(agentGroups.groupId, groupId), eq(agentGroups.agentId, agentId)))
            .run();
        auditIn(q, audit);
        return true;
      });
    },
    async deleteGroup(id, audit) {
      await write((tx) => {
        tx.delete(agentGroups).where(eq(agentGroups.groupId, id)).run();
        // Its waiting users join the bot's whole queue.
        tx.update(sessions).set({ groupId: null }).where(eq(sessions.groupId, id)).run();
        tx.delete(groups).where(eq(groups.id, id)).run();
        auditIn(q, audit);
      });
    },
    async expiredGroupWaits(after, now) {
      return db
        .select(sessionColumns)
        .from(sessions)
        .innerJoin(groups, eq(groups.id, sessions.groupId))
        .where(
          and(
            eq(sessions.state, "waiting"),
            sql`${sessions.queuedAt} + 1000 * ${groups.fallbackAfterS} BETWEEN ${after + 1} AND ${now}`,
          ),
        )
        .orderBy(asc(sessions.queuedAt))
        .all();
    },

    async unansweredSince(before) {
      return q.unanswered.all({ before });
    },
    async idleSince(before) {
      return q.idle.all({ before });
    },
    async missedReply(agentId) {
      const row = await write(() =>
        db
          .update(agents)
          .set({ missedReplies: sql`${agents.missedReplies} + 1` })
          .where(eq(agents.id, agentId))
          .returning({ n: agents.missedReplies })
          .get(),
      );
      return row?.n ?? 0;
    },
    async resetMissedReplies(agentId) {
      await write(() =>
        db.update(agents).set({ missedReplies: 0 }).where(eq(agents.id, agentId)).run(),
      );
    },

    async countActive() {
      return (
        db.select({ n: count() }).from(sessions).where(eq(sessions.state, "active")).get()?.n ?? 0
      );
    },

    async lastUserMessage(botId, userid) {
      return lastUserItems(q, botId, userid);
    },
    async storeAgentMessage(session, agentId, items, now) {
      return write(() => {
        if (q.agentReplied.all({ id: session.id, agentId, now }).length !== 1) return false;
        q.assignmentReplied.run({ sessionId: session.id, agentId, now });
        q.clearMisses.run({ agentId });
        insertItems(
          q,
          { botId: session.botId, userid: session.userid, sessionId: session.id, agentId },
          "agent",
          items,
          now,
        );
        appendEvent(
          q,
          {
            type: "agent_message",
            botId: session.botId,
            userid: session.userid,
            payload: { session_id: session.id, customer_id: agentId, message: items },
          },
          now,
        );
        return true;
      });
    },
    async chatRecord(botId, userid, page, pagesize) {
      const total = q.messageCount.get({ botId, userid })?.n ?? 0;
      return { total, entries: historyPage(botId, userid, pagesize, (page - 1) * pagesize) };
    },
    async recentMessages(botId, userid, limit) {
      return historyPage(botId, userid, limit, 0);
    },

    async eventsAfter(botId, after, limit) {
      return db
        .select()
        .from(events)
        .where(and(eq(events.botId, botId), sql`${events.seq} > ${after}`))
        .orderBy(asc(events.seq))
        .limit(limit)
        .all()
        .map(toBotEvent);
    },
    async dueDeliveries(now, limit) {
      // The oldest pending event of each user, if it is due: a user's events go in order.
      return q.dueDeliveries.all({ now, limit }).map((r) => ({
        seq: r.seq,
        botId: r.botId,
        userid: r.userid,
        attempts: r.attempts,
        event: toBotEvent(r),
      }));
    },
    async nextDeliveryAt() {
      // Only each user's oldest pending event can be next: later ones wait behind it.
      return q.nextDeliveryAt.get()?.at ?? null;
    },
    async markDelivered(seq) {
      await write(() => q.markDelivered.run({ seq }));
    },
    async markRetry(seq, nextAttemptAt, error) {
      await write(() =>
        db
          .update(events)
          .set({ attempts: sql`${events.attempts} + 1`, nextAttemptAt, lastError: error })
          .where(eq(events.seq, seq))
          .run(),
      );
    },
    async markFailed(seq, error) {
      await write(() =>
        db
          .update(events)
          .set({ delivery: "failed", attempts: sql`${events.attempts} + 1`, lastError: error })
          .where(eq(events.seq, seq))
          .run(),
      );
    },
    async deliveryCounts() {
      const rows = db
        .select({ delivery: events.delivery, n: count() })
        .from(events)
        .where(inArray(events.delivery, ["pending", "failed"]))
        .groupBy(events.delivery)
        .all();
      const n = (d: string) => rows.find((r) => r.delivery === d)?.n ?? 0;
      return { pending: n("pending"), failed: n("failed") };
    },
  };
}
