// IdentityStore on SQLite: bots, agents and their tokens, users and their profiles.
import { and, asc, eq, gt, inArray, isNotNull, isNull, lte, sql } from "drizzle-orm";
import type { Profile, UserInfo } from "../../model/desk";
import { hashSecret, newSecret, newWebhookSecret, secretMatches } from "../../secrets";
import type { Db } from "../db";
import type { Write } from "../group-commit";
import type { FirstStart, IdentityStore } from "../identity";
import { toAgent, toBot } from "../rows";
import { agents, agentTokens, bots, sessions, users } from "../schema/desk";

const p = sql.placeholder;

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

/**
 * The stored extra fields with the new ones laid over them (a shallow merge, keys in
 * their first order), computed by SQLite in the upsert itself. json_patch would not do:
 * it drops a field given as null and merges nested objects. json_each hands objects,
 * arrays and booleans back as plain values, so they are made JSON again here.
 */
const mergedExtra = sql`(SELECT coalesce(json_group_object(key,
    CASE WHEN type IN ('object', 'array') THEN json(value)
      WHEN type = 'true' THEN json('true') WHEN type = 'false' THEN json('false')
      ELSE value END), '{}')
  FROM (
    SELECT o.key AS key,
      CASE WHEN n.key IS NULL THEN o.type ELSE n.type END AS type,
      CASE WHEN n.key IS NULL THEN o.value ELSE n.value END AS value, 0 AS part, o.id AS pos
    FROM json_each(${users.extra}) AS o LEFT JOIN json_each(excluded.extra) AS n ON n.key = o.key
    UNION ALL
    SELECT key, type, value, 1, id FROM json_each(excluded.extra)
    WHERE key NOT IN (SELECT key FROM json_each(${users.extra}))
    ORDER BY part, pos))`;

export function prepareIdentityStatements(db: Db) {
  return {
    botByKeyHash: db
      .select()
      .from(bots)
      .where(eq(bots.apiKeyHash, p("hash")))
      .prepare(),
    botById: db
      .select()
      .from(bots)
      .where(eq(bots.id, p("id")))
      .prepare(),
    agentById: db
      .select()
      .from(agents)
      .where(eq(agents.id, p("id")))
      .prepare(),
    agentByTokenHash: db
      .select({ agent: agents, hash: agentTokens.tokenHash })
      .from(agentTokens)
      .innerJoin(agents, eq(agents.id, agentTokens.agentId))
      .where(eq(agentTokens.tokenHash, p("hash")))
      .prepare(),
    setStatus: db
      .update(agents)
      .set({ status: sql`${p("status")}` })
      .where(eq(agents.id, p("agentId")))
      .prepare(),
    // Answering breaks an agent's run of missed first-reply deadlines; most have none.
    clearMisses: db
      .update(agents)
      .set({ missedReplies: 0 })
      .where(and(eq(agents.id, p("agentId")), gt(agents.missedReplies, 0)))
      .prepare(),
    user: db
      .select()
      .from(users)
      .where(and(eq(users.botId, p("botId")), eq(users.userid, p("userid"))))
      .prepare(),
    ensureUser: db
      .insert(users)
      .values({ botId: p("botId"), userid: p("userid"), createdAt: p("now") })
      .onConflictDoNothing()
      .prepare(),
    // Logins, drops and the auto-connect switch, each on every login or close.
    setAutoConnect: db
      .update(agents)
      .set({ autoConnect: sql`${p("on")}` })
      .where(eq(agents.id, p("agentId")))
      .prepare(),
    startGrace: db
      .update(agents)
      .set({ graceUntil: sql`${p("until")}` })
      .where(eq(agents.id, p("agentId")))
      .prepare(),
    endGrace: db
      .update(agents)
      .set({ graceUntil: null })
      .where(and(eq(agents.id, p("agentId")), isNotNull(agents.graceUntil)))
      .prepare(),
    // The sweeps, twice a second: the drop grace and the business hours' openings.
    gracesOver: db
      .select({ agentId: agents.id, until: agents.graceUntil })
      .from(agents)
      .where(lte(agents.graceUntil, p("now")))
      .orderBy(asc(agents.graceUntil), asc(agents.id))
      .prepare(),
    allBots: db.select().from(bots).orderBy(asc(bots.id)).prepare(),
    // Every webhook attempt records its outcome on the bot.
    delivered: db
      .update(bots)
      .set({ lastDeliveryAt: sql`${p("at")}`, lastDeliveryError: null, deliveryFailures: 0 })
      .where(eq(bots.id, p("botId")))
      .prepare(),
    deliveryFailed: db
      .update(bots)
      .set({
        lastDeliveryAt: sql`${p("at")}`,
        lastDeliveryError: sql`${p("error")}`,
        deliveryFailures: sql`${bots.deliveryFailures} + 1`,
      })
      .where(eq(bots.id, p("botId")))
      .prepare(),
  };
}

type Statements = ReturnType<typeof prepareIdentityStatements>;

/** The columns a recorded delivery attempt sets: a 2xx ends the run of failures. */
function deliveryOutcome(at: number, error: string | null) {
  return {
    lastDeliveryAt: at,
    lastDeliveryError: error,
    deliveryFailures: error === null ? 0 : sql`${bots.deliveryFailures} + 1`,
  };
}

export function createSqliteIdentity(db: Db, q: Statements, write: Write): IdentityStore {
  return {
    async createBot({ name, webhookUrl, now }) {
      const apiKey = newSecret("kfk");
      const bot = await write((tx) =>
        toBot(
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
        ),
      );
      return { bot, apiKey };
    },
    async listBots() {
      return q.allBots.all().map(toBot);
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
      // The 410 that turns delivery off is its last attempt, too.
      const now = Date.now();
      await write((tx) =>
        tx
          .update(bots)
          .set({
            webhookEnabled: false,
            webhookDisabledAt: now,
            ...deliveryOutcome(now, "HTTP 410 Gone"),
          })
          .where(eq(bots.id, botId))
          .run(),
      );
    },
    async updateBot(botId, change) {
      const newUrl = typeof change.webhookUrl === "string";
      const turnOn = change.enableWebhook === true || newUrl;
      // A new url, or delivery on again after a 410, starts afresh: the old outcome is moot.
      const fresh = (column: typeof bots.lastDeliveryAt | typeof bots.lastDeliveryError) =>
        newUrl ? null : sql`CASE WHEN ${bots.webhookEnabled} THEN ${column} END`;
      const row = await write((tx) =>
        tx
          .update(bots)
          .set({
            ...(change.name === undefined ? {} : { name: change.name }),
            ...(change.webhookUrl === undefined ? {} : { webhookUrl: change.webhookUrl }),
            ...(turnOn
              ? {
                  webhookEnabled: true,
                  webhookDisabledAt: null,
                  lastDeliveryAt: fresh(bots.lastDeliveryAt),
                  lastDeliveryError: fresh(bots.lastDeliveryError),
                  deliveryFailures: newUrl
                    ? 0
                    : sql`CASE WHEN ${bots.webhookEnabled} THEN ${bots.deliveryFailures} ELSE 0 END`,
                }
              : {}),
          })
          .where(eq(bots.id, botId))
          .returning()
          .get(),
      );
      return row ? toBot(row) : null;
    },
    async rotateWebhookSecret(botId, oldUntil) {
      const row = await write((tx) =>
        tx
          .update(bots)
          .set({
            webhookSecret: newWebhookSecret(),
            webhookOldSecret: oldUntil === null ? null : bots.webhookSecret,
            webhookOldSecretUntil: oldUntil,
          })
          .where(eq(bots.id, botId))
          .returning()
          .get(),
      );
      return row ? toBot(row) : null;
    },
    async recordDelivery(botId, at, error) {
      await write(() =>
        error === null
          ? q.delivered.run({ botId, at })
          : q.deliveryFailed.run({ botId, at, error }),
      );
    },
    async rotateApiKey(botId) {
      const apiKey = newSecret("kfk");
      const done = await write((tx) =>
        tx
          .update(bots)
          .set({ apiKeyHash: hashSecret(apiKey) })
          .where(eq(bots.id, botId))
          .returning({ id: bots.id })
          .get(),
      );
      return done ? apiKey : null;
    },
    async createFirstBotAndAgent(now) {
      // The group commit's BEGIN IMMEDIATE holds the file's write lock from this check on.
      return write((tx): FirstStart | null => {
        if (tx.select({ id: bots.id }).from(bots).limit(1).get()) return null;
        const apiKey = newSecret("kfk");
        const token = newSecret("kft");
        const bot = tx
          .insert(bots)
          .values({
            name: "default",
            webhookUrl: null,
            webhookSecret: newWebhookSecret(),
            apiKeyHash: hashSecret(apiKey),
            createdAt: now,
          })
          .returning({ id: bots.id })
          .get();
        const agent = tx
          .insert(agents)
          .values({
            botId: bot.id,
            name: "admin",
            headImg: "",
            maxSessions: 5,
            role: "admin",
            createdAt: now,
          })
          .returning({ id: agents.id })
          .get();
        tx.insert(agentTokens)
          .values({ agentId: agent.id, tokenHash: hashSecret(token), createdAt: now })
          .run();
        return { bid: bot.id, apiKey, customerId: agent.id, token };
      });
    },

    async createAgent({ botId, name, headImg, maxSessions, role, now }) {
      const token = newSecret("kft");
      const agent = await write((tx) => {
        const a = toAgent(
          tx
            .insert(agents)
            .values({ botId, name, headImg, maxSessions, role: role ?? "agent", createdAt: now })
            .returning()
            .get(),
        );
        tx.insert(agentTokens)
          .values({ agentId: a.id, tokenHash: hashSecret(token), createdAt: now })
          .run();
        return a;
      });
      return { agent, token };
    },
    async rotateToken(agentId, now) {
      const token = newSecret("kft");
      const hash = hashSecret(token);
      const done = await write((tx) => {
        if (!tx.select({ id: agents.id }).from(agents).where(eq(agents.id, agentId)).get())
          return false;
        tx.insert(agentTokens)
          .values({ agentId, tokenHash: hash, createdAt: now })
          .onConflictDoUpdate({
            target: agentTokens.agentId,
            set: { tokenHash: hash, createdAt: now },
          })
          .run();
        return true;
      });
      return done ? token : null;
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
    async setAgentStatus(agentId, status) {
      await write(() => q.setStatus.run({ agentId, status }));
    },
    async setAutoConnect(agentId, on) {
      await write(() => q.setAutoConnect.run({ agentId, on: on ? 1 : 0 }));
    },
    async missedReply(agentId) {
      const row = await write((tx) =>
        tx
          .update(agents)
          .set({ missedReplies: sql`${agents.missedReplies} + 1` })
          .where(eq(agents.id, agentId))
          .returning({ n: agents.missedReplies })
          .get(),
      );
      return row?.n ?? 0;
    },
    async resetMissedReplies(agentId) {
      await write(() => q.clearMisses.run({ agentId }));
    },

    async startGrace(agentId, until) {
      await write(() => q.startGrace.run({ agentId, until }));
    },
    async endGrace(agentId) {
      await write(() => q.endGrace.run({ agentId }));
    },
    async startGraceForHolders(until) {
      const holders = db
        .selectDistinct({ agentId: sessions.agentId })
        .from(sessions)
        .where(and(eq(sessions.state, "active"), isNotNull(sessions.agentId)));
      await write((tx) =>
        tx
          .update(agents)
          .set({ graceUntil: until })
          .where(and(isNull(agents.graceUntil), inArray(agents.id, holders)))
          .run(),
      );
    },
    async gracesOver(now) {
      return q.gracesOver
        .all({ now })
        .flatMap((r) => (r.until === null ? [] : [{ agentId: r.agentId, until: r.until }]));
    },
    async claimGraceOver(agentId, until) {
      const row = await write((tx) =>
        tx
          .update(agents)
          .set({ graceUntil: null })
          .where(and(eq(agents.id, agentId), eq(agents.graceUntil, until)))
          .returning({ id: agents.id })
          .get(),
      );
      return row !== undefined;
    },

    async upsertProfile(botId, userid, profile, now) {
      const known: Partial<typeof users.$inferInsert> = {};
      const extra: Record<string, unknown> = {};
      for (const [k, v] of Object.entries(profile)) {
        const column = PROFILE_COLUMNS[k as keyof Profile];
        if (column) Object.assign(known, { [column]: v });
        else if (k !== "bid" && k !== "userid") extra[k] = v;
      }
      await write((tx) =>
        tx
          .insert(users)
          .values({ botId, userid, ...known, extra: JSON.stringify(extra), createdAt: now })
          .onConflictDoUpdate({
            target: [users.botId, users.userid],
            set: { ...known, extra: mergedExtra },
          })
          .run(),
      );
    },
    async ensureUser(botId, userid, now) {
      await write(() => q.ensureUser.run({ botId, userid, now }));
    },
    async getUser(botId, userid) {
      const row = q.user.get({ botId, userid });
      if (!row) return null;
      const info: Record<string, unknown> = { ...JSON.parse(row.extra), bid: botId, userid };
      for (const [field, column] of Object.entries(PROFILE_COLUMNS)) info[field] = row[column];
      return info as UserInfo;
    },
  };
}
