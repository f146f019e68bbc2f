// AccessStore on SQLite.
import { and, eq, gt, isNull, ne } from "drizzle-orm";
import type { AccessStore, Account } from "../access";
import type { Db } from "../db";
import type { Write } from "../group-commit";
import { agentAccounts, consoleSessions } from "../schema/access";
import { agents, agentTokens, sessions } from "../schema/desk";

const toAccount = (r: typeof agentAccounts.$inferSelect): Account => ({
  agentId: r.agentId,
  login: r.login,
  passwordHash: r.passwordHash,
  totpSecret: r.totpSecret,
});

export function createSqliteAccess(db: Db, write: Write): AccessStore {
  const setAgent = (agentId: number, set: Partial<typeof agents.$inferInsert>) =>
    write(
      (tx) =>
        tx.update(agents).set(set).where(eq(agents.id, agentId)).returning({ id: agents.id }).all()
          .length > 0,
    );
  return {
    setRole: (agentId, role) => setAgent(agentId, { role }),
    setDisabled: (agentId, disabled) => setAgent(agentId, { disabled }),
    setMaxSessions: (agentId, maxSessions) => setAgent(agentId, { maxSessions }),
    setPassword(agentId, login, passwordHash, now) {
      return write((tx) => {
        const taken = tx
          .select({ agentId: agentAccounts.agentId })
          .from(agentAccounts)
          .where(eq(agentAccounts.login, login))
          .get();
        if (taken && taken.agentId !== agentId) return false;
        tx.insert(agentAccounts)
          .values({ agentId, login, passwordHash, createdAt: now })
          .onConflictDoUpdate({ target: agentAccounts.agentId, set: { login, passwordHash } })
          .run();
        return true;
      });
    },
    async accountByLogin(login) {
      const r = db.select().from(agentAccounts).where(eq(agentAccounts.login, login)).get();
      return r ? toAccount(r) : null;
    },
    async accountOf(agentId) {
      const r = db.select().from(agentAccounts).where(eq(agentAccounts.agentId, agentId)).get();
      return r ? toAccount(r) : null;
    },
    setTotp(agentId, secret) {
      return write(
        (tx) =>
          tx
            .update(agentAccounts)
            .set({ totpSecret: secret })
            .where(eq(agentAccounts.agentId, agentId))
            .returning({ id: agentAccounts.agentId })
            .all().length > 0,
      );
    },
    async createSession(agentId, tokenHash, now, expiresAt) {
      await write((tx) =>
        tx.insert(consoleSessions).values({ tokenHash, agentId, createdAt: now, expiresAt }).run(),
      );
    },
    async sessionAgent(tokenHash, now) {
      const r = db
        .select({ agentId: consoleSessions.agentId })
        .from(consoleSessions)
        .where(
          and(
            eq(consoleSessions.tokenHash, tokenHash),
            isNull(consoleSessions.revokedAt),
            gt(consoleSessions.expiresAt, now),
          ),
        )
        .get();
      return r?.agentId ?? null;
    },
    async sessionExpiresAt(tokenHash) {
      const r = db
        .select({ expiresAt: consoleSessions.expiresAt })
        .from(consoleSessions)
        .where(eq(consoleSessions.tokenHash, tokenHash))
        .get();
      return r?.expiresAt ?? null;
    },
    revokeSession(tokenHash, now) {
      return write(
        (tx) =>
          tx
            .update(consoleSessions)
            .set({ revokedAt: now })
            .where(and(eq(consoleSessions.tokenHash, tokenHash), isNull(consoleSessions.revokedAt)))
            .returning({ h: consoleSessions.tokenHash })
            .all().length > 0,
      );
    },
    revokeSessions(agentId, now, keep) {
      return write(
        (tx) =>
          tx
            .update(consoleSessions)
            .set({ revokedAt: now })
            .where(
              and(
                eq(consoleSessions.agentId, agentId),
                isNull(consoleSessions.revokedAt),
                keep === undefined ? undefined : ne(consoleSessions.tokenHash, keep),
              ),
            )
            .returning({ h: consoleSessions.tokenHash })
            .all().length,
      );
    },
    async tokenHashOf(agentId) {
      const r = db
        .select({ hash: agentTokens.tokenHash })
        .from(agentTokens)
        .where(eq(agentTokens.agentId, agentId))
        .get();
      return r?.hash ?? null;
    },
    async servedUser(agentId, botId, userid) {
      const r = db
        .select({ id: sessions.id })
        .from(sessions)
        .where(
          and(
            eq(sessions.agentId, agentId),
            eq(sessions.botId, botId),
            eq(sessions.userid, userid),
          ),
        )
        .limit(1)
        .get();
      return r !== undefined;
    },
  };
}
