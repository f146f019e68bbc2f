// IdentityStore on PostgreSQL: bots, agents and their tokens, users and their profiles.
import { and, asc, eq, gt, inArray, isNotNull, isNull, lte, sql } from "drizzle-orm";
import type { Profile, UserInfo } from "../../model/desk";
import { hashSecret, newSecret, newWebhookSecret, secretMatches } from "../../secrets";
import type { FirstStart, IdentityStore } from "../identity";
import { toAgent, toBot } from "../rows";
import type { Atomic, PgExec } from "./exec";
import { agents, agentTokens, bots, sessions, users } from "./schema/desk";

/** Any fixed number: nodes starting together on an empty database make one first bot. */
const FIRST_START_LOCK = 7272_0001;

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

/** The columns a recorded delivery attempt sets: a 2xx ends the run of failures. */
function deliveryOutcome(at: number, error: string | null) {
  return {
    lastDeliveryAt: at,
    lastDeliveryError: error,
    deliveryFailures: error === null ? 0 : sql`${bots.deliveryFailures} + 1`,
  };
}

export function createPgIdentity(db: PgExec, atomic: Atomic): IdentityStore {
  const botWhere = async (where: ReturnType<typeof eq>) => {
    const [row] = await db.select().from(bots).where(where);
    return row ?? null;
  };
  return {
    async createBot({ name, webhookUrl, now }) {
      const apiKey = newSecret("kfk");
      const [row] = await db
        .insert(bots)
        .values({
          name,
          webhookUrl,
          webhookSecret: newWebhookSecret(),
          apiKeyHash: hashSecret(apiKey),
          createdAt: now,
        })
        .returning();
      if (!row) throw new Error("no bot created");
      return { bot: toBot(row), apiKey };
    },
    async listBots() {
      return (await db.select().from(bots).orderBy(asc(bots.id))).map(toBot);
    },
    async getBot(id) {
      const row = await botWhere(eq(bots.id, id));
      return row ? toBot(row) : null;
    },
    async botByApiKey(apiKey) {
      const row = await botWhere(eq(bots.apiKeyHash, hashSecret(apiKey)));
      return row && secretMatches(apiKey, row.apiKeyHash) ? toBot(row) : null;
    },
    async disableWebhook(botId) {
      // The 410 that turns delivery off is its last attempt, too.
      const now = Date.now();
      await db
        .update(bots)
        .set({
          webhookEnabled: false,
          webhookDisabledAt: now,
          ...deliveryOutcome(now, "HTTP 410 Gone"),
        })
        .where(eq(bots.id, botId));
    },
    async updateBot(botId, change) {
      const newUrl = typeof change.webhookUrl === "string";
      const turnOn = change.enableWebhook === true || newUrl;
      // A new url, or delivery on again after a 410, starts afresh: the old outcome is moot.
      const fresh = (column: typeof bots.lastDeliveryAt | typeof bots.lastDeliveryError) =>
        newUrl ? null : sql`CASE WHEN ${bots.webhookEnabled} THEN ${column} END`;
      const [row] = await db
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
        .returning();
      return row ? toBot(row) : null;
    },
    async rotateWebhookSecret(botId, oldUntil) {
      const [row] = await db
        .update(bots)
        .set({
          webhookSecret: newWebhookSecret(),
          webhookOldSecret: oldUntil === null ? null : bots.webhookSecret,
          webhookOldSecretUntil: oldUntil,
        })
        .where(eq(bots.id, botId))
        .returning();
      return row ? toBot(row) : null;
    },
    async recordDelivery(botId, at, error) {
      await db.update(bots).set(deliveryOutcome(at, error)).where(eq(bots.id, botId));
    },
    async rotateApiKey(botId) {
      const apiKey = newSecret("kfk");
      const [done] = await db
        .update(bots)
        .set({ apiKeyHash: hashSecret(apiKey) })
        .where(eq(bots.id, botId))
        .returning({ id: bots.id });
      return done ? apiKey : null;
    },
    createFirstBotAndAgent(now) {
      return atomic(async (tx): Promise<FirstStart | null> => {
        // Held to commit: a second node starting together then finds the bot made.
        await tx.execute(sql`SELECT pg_advisory_xact_lock(${FIRST_START_LOCK})`);
        if ((await tx.select({ id: bots.id }).from(bots).limit(1)).length > 0) return null;
        const apiKey = newSecret("kfk");
        const token = newSecret("kft");
        const [bot] = await tx
          .insert(bots)
          .values({
            name: "default",
            webhookUrl: null,
            webhookSecret: newWebhookSecret(),
            apiKeyHash: hashSecret(apiKey),
            createdAt: now,
          })
          .returning({ id: bots.id });
        if (!bot) throw new Error("no bot created");
        const [agent] = await tx
          .insert(agents)
          .values({
            botId: bot.id,
            name: "admin",
            headImg: "",
            maxSessions: 5,
            role: "admin",
            createdAt: now,
          })
          .returning({ id: agents.id });
        if (!agent) throw new Error("no agent created");
        await tx
          .insert(agentTokens)
          .values({ agentId: agent.id, tokenHash: hashSecret(token), createdAt: now });
        return { bid: bot.id, apiKey, customerId: agent.id, token };
      });
    },

    async createAgent({ botId, name, headImg, maxSessions, role, now }) {
      const token = newSecret("kft");
      const agent = await atomic(async (tx) => {
        const [row] = await tx
          .insert(agents)
          .values({ botId, name, headImg, maxSessions, role: role ?? "agent", createdAt: now })
          .returning();
        if (!row) throw new Error("no agent created");
        await tx
          .insert(agentTokens)
          .values({ agentId: row.id, tokenHash: hashSecret(token), createdAt: now });
        return toAgent(row);
      });
      return { agent, token };
    },
    async rotateToken(agentId, now) {
      const token = newSecret("kft");
      const hash = hashSecret(token);
      const done = await atomic(async (tx) => {
        const found = await tx.select({ id: agents.id }).from(agents).where(eq(agents.id, agentId));
        if (found.length === 0) return false;
        await tx
          .insert(agentTokens)
          .values({ agentId, tokenHash: hash, createdAt: now })
          .onConflictDoUpdate({
            target: agentTokens.agentId,
            set: { tokenHash: hash, createdAt: now },
          });
        return true;
      });
      return done ? token : null;
    },
    async agentByToken(token) {
      const [row] = await db
        .select({ agent: agents, hash: agentTokens.tokenHash })
        .from(agentTokens)
        .innerJoin(agents, eq(agents.id, agentTokens.agentId))
        .where(eq(agentTokens.tokenHash, hashSecret(token)));
      return row && secretMatches(token, row.hash) ? toAgent(row.agent) : null;
    },
    async getAgent(id) {
      const [row] = await db.select().from(agents).where(eq(agents.id, id));
      return row ? toAgent(row) : null;
    },
    async listAgents(botId) {
      const rows = await db
        .select()
        .from(agents)
        .where(eq(agents.botId, botId))
        .orderBy(asc(agents.id));
      return rows.map(toAgent);
    },
    async setAgentStatus(agentId, status) {
      await db.update(agents).set({ status }).where(eq(agents.id, agentId));
    },
    async setAutoConnect(agentId, on) {
      await db.update(agents).set({ autoConnect: on }).where(eq(agents.id, agentId));
    },
    async missedReply(agentId) {
      const [row] = await db
        .update(agents)
        .set({ missedReplies: sql`${agents.missedReplies} + 1` })
        .where(eq(agents.id, agentId))
        .returning({ n: agents.missedReplies });
      return row?.n ?? 0;
    },
    async resetMissedReplies(agentId) {
      // Answering breaks an agent's run of missed first-reply deadlines; most have none.
      await db
        .update(agents)
        .set({ missedReplies: 0 })
        .where(and(eq(agents.id, agentId), gt(agents.missedReplies, 0)));
    },

    async startGrace(agentId, until) {
      await db.update(agents).set({ graceUntil: until }).where(eq(agents.id, agentId));
    },
    async endGrace(agentId) {
      await db
        .update(agents)
        .set({ graceUntil: null })
        .where(and(eq(agents.id, agentId), isNotNull(agents.graceUntil)));
    },
    async startGraceForHolders(until) {
      const holders = db
        .selectDistinct({ agentId: sessions.agentId })
        .from(sessions)
        .where(and(eq(sessions.state, "active"), isNotNull(sessions.agentId)));
      await db
        .update(agents)
        .set({ graceUntil: until })
        .where(and(isNull(agents.graceUntil), inArray(agents.id, holders)));
    },
    async gracesOver(now) {
      const rows = await db
        .select({ agentId: agents.id, until: agents.graceUntil })
        .from(agents)
        .where(lte(agents.graceUntil, now))
        .orderBy(asc(agents.graceUntil), asc(agents.id));
      return rows.flatMap((r) =>
        r.until === null ? [] : [{ agentId: r.agentId, until: r.until }],
      );
    },
    async claimGraceOver(agentId, until) {
      // One UPDATE: of several sweepers, the row lock lets exactly one see the grace still set.
      const rows = await db
        .update(agents)
        .set({ graceUntil: null })
        .where(and(eq(agents.id, agentId), eq(agents.graceUntil, until)))
        .returning({ id: agents.id });
      return rows.length > 0;
    },

    async upsertProfile(botId, userid, profile, now) {
      const known: Partial<typeof users.$inferInsert> = {};
      const extra: Record<string, unknown> = {};
      for (const [k, v] of Object.entries(profile)) {
        const column = PROFILE_COLUMNS[k as keyof Profile];
        if (column) Object.assign(known, { [column]: v });
        else if (k !== "bid" && k !== "userid") extra[k] = v;
      }
      // The stored extra fields with the new ones laid over them (a shallow merge, keys in
      // their first order), merged here with the row locked: jsonb's || would reorder keys.
      await atomic(async (tx) => {
        await tx.insert(users).values({ botId, userid, createdAt: now }).onConflictDoNothing();
        const mine = and(eq(users.botId, botId), eq(users.userid, userid));
        const [row] = await tx.select({ extra: users.extra }).from(users).where(mine).for("update");
        const merged = { ...(JSON.parse(row?.extra ?? "{}") as Record<string, unknown>), ...extra };
        await tx
          .update(users)
          .set({ ...known, extra: JSON.stringify(merged) })
          .where(mine);
      });
    },
    async ensureUser(botId, userid, now) {
      await db.insert(users).values({ botId, userid, createdAt: now }).onConflictDoNothing();
    },
    async getUser(botId, userid) {
      const [row] = await db
        .select()
        .from(users)
        .where(and(eq(users.botId, botId), eq(users.userid, userid)));
      if (!row) return null;
      const info: Record<string, unknown> = { ...JSON.parse(row.extra), bid: botId, userid };
      for (const [field, column] of Object.entries(PROFILE_COLUMNS)) info[field] = row[column];
      return info as UserInfo;
    },
  };
}
