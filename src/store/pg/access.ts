// AccessStore on PostgreSQL.
import { and, eq, gt, isNull, ne } from "drizzle-orm";
import type { AccessStore, Account } from "../access";
import type { Atomic, PgExec } from "./exec";
import { agentAccounts, consoleSessions } from "./schema/access";
import { agents, agentTokens, sessions } from "./schema/desk";

const toAccount = (r: typeof agentAccounts.$inferSelect): Account => ({
  agentId: r.agentId,
  login: r.login,
  passwordHash: r.passwordHash,
  totpSecret: r.totpSecret,
});

export function createPgAccess(db: PgExec, atomic: Atomic): AccessStore {
  const setAgent = async (agentId: number, set: Partial<typeof agents.$inferInsert>) =>
    (await db.update(agents).set(set).where(eq(agents.id, agentId)).returning({ id: agents.id }))
      .length > 0;
  return {
    setRole: (agentId, role) => setAgent(agentId, { role }),
    setDisabled: (agentId, disabled) => setAgent(agentId, { disabled }),
    setMaxSessions: (agentId, maxSessions) => setAgent(agentId, { maxSessions }),
    setPassword(agentId, login, passwordHash, now) {
      return atomic(async (tx) => {
        const [taken] = await tx
          .select({ agentId: agentAccounts.agentId })
          .from(agentAccounts)
          .where(eq(agentAccounts.login, login));
        if (taken && taken.agentId !== agentId) return false;
        await tx
          .insert(agentAccounts)
          .values({ agentId, login, passwordHash, createdAt: now })
          .onConflictDoUpdate({ target: agentAccounts.agentId, set: { login, passwordHash } });
        return true;
      });
    },
    async accountByLogin(login) {
      const [r] = await db.select().from(agentAccounts).where(eq(agentAccounts.login, login));
      return r ? toAccount(r) : null;
    },
    async accountOf(agentId) {
      const [r] = await db.select().from(agentAccounts).where(eq(agentAccounts.agentId, agentId));
      return r ? toAccount(r) : null;
    },
    async setTotp(agentId, secret) {
      const rows = await db
        .update(agentAccounts)
        .set({ totpSecret: secret })
        .where(eq(agentAccounts.agentId, agentId))
        .returning({ id: agentAccounts.agentId });
      return rows.length > 0;
    },
    async createSession(agentId, tokenHash, now, expiresAt) {
      await db.insert(consoleSessions).values({ tokenHash, agentId, createdAt: now, expiresAt });
    },
    async sessionAgent(tokenHash, now) {
      const [r] = await db
        .select({ agentId: consoleSessions.agentId })
        .from(consoleSessions)
        .where(
          and(
            eq(consoleSessions.tokenHash, tokenHash),
            isNull(consoleSessions.revokedAt),
            gt(consoleSessions.expiresAt, now),
          ),
        );
      return r?.agentId ?? null;
    },
    async sessionExpiresAt(tokenHash) {
      const [r] = await db
        .select({ expiresAt: consoleSessions.expiresAt })
        .from(consoleSessions)
        .where(eq(consoleSessions.tokenHash, tokenHash));
      return r?.expiresAt ?? null;
    },
    async revokeSession(tokenHash, now) {
      const rows = await db
        .update(consoleSessions)
        .set({ revokedAt: now })
        .where(and(eq(consoleSessions.tokenHash, tokenHash), isNull(consoleSessions.revokedAt)))
        .returning({ h: consoleSessions.tokenHash });
      return rows.length > 0;
    },
    async revokeSessions(agentId, now, keep) {
      const rows = await db
        .update(consoleSessions)
        .set({ revokedAt: now })
        .where(
          and(
            eq(consoleSessions.agentId, agentId),
            isNull(consoleSessions.revokedAt),
            keep === undefined ? undefined : ne(consoleSessions.tokenHash, keep),
          ),
        )
        .returning({ h: consoleSessions.tokenHash });
      return rows.length;
    },
    async tokenHashOf(agentId) {
      const [r] = await db
        .select({ hash: agentTokens.tokenHash })
        .from(agentTokens)
        .where(eq(agentTokens.agentId, agentId));
      return r?.hash ?? null;
    },
    async servedUser(agentId, botId, userid) {
      const [r] = await db
        .select({ id: sessions.id })
        .from(sessions)
        .where(
          and(
            eq(sessions.agentId, agentId),
            eq(sessions.botId, botId),
            eq(sessions.userid, userid),
          ),
        )
        .limit(1);
      return r !== undefined;
    },
  };
}
