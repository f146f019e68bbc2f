// ReturningStore on PostgreSQL: the user's latest ended session with an agent.
import { and, desc, eq, isNotNull } from "drizzle-orm";
import type { ReturningStore } from "../returning";
import type { PgExec } from "./exec";
import { sessions } from "./schema/desk";

export function createPgReturning(db: PgExec): ReturningStore {
  return {
    async lastServed(botId, userid) {
      const [row] = await db
        .select({ agentId: sessions.agentId, endedAt: sessions.endedAt })
        .from(sessions)
        .where(
          and(
            eq(sessions.botId, botId),
            eq(sessions.userid, userid),
            eq(sessions.state, "ended"),
            isNotNull(sessions.agentId),
          ),
        )
        .orderBy(desc(sessions.endedAt))
        .limit(1);
      return row?.agentId != null && row.endedAt != null
        ? { agentId: row.agentId, endedAt: row.endedAt }
        : null;
    },
  };
}
