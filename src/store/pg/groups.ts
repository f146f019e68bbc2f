// GroupStore on PostgreSQL: skill groups and the agents in them.
import { and, asc, eq } from "drizzle-orm";
import type { Group } from "../../model/desk";
import type { GroupStore } from "../groups";
import { toGroup } from "../rows";
import type { Atomic, PgExec } from "./exec";
import { agents, sessions } from "./schema/desk";
import { agentGroups, groups } from "./schema/operations";

export function createPgGroups(db: PgExec, atomic: Atomic): GroupStore {
  const withMembers = async (row: typeof groups.$inferSelect): Promise<Group> => {
    const members = await db
      .select({ agentId: agentGroups.agentId })
      .from(agentGroups)
      .where(eq(agentGroups.groupId, row.id))
      .orderBy(asc(agentGroups.agentId));
    return { ...toGroup(row), members: members.map((m) => m.agentId) };
  };
  return {
    async createGroup(botId, name, fallbackAfterS, now) {
      const [row] = await db
        .insert(groups)
        .values({ botId, name, fallbackAfterS, createdAt: now })
        .onConflictDoNothing()
        .returning();
      return row ? { ...toGroup(row), members: [] } : null;
    },
    async listGroups(botId) {
      const rows = await db
        .select()
        .from(groups)
        .where(eq(groups.botId, botId))
        .orderBy(asc(groups.id));
      return Promise.all(rows.map(withMembers));
    },
    async getGroup(id) {
      const [g] = await db.select().from(groups).where(eq(groups.id, id));
      return g ? withMembers(g) : null;
    },
    async groupByName(botId, name) {
      const [g] = await db
        .select()
        .from(groups)
        .where(and(eq(groups.botId, botId), eq(groups.name, name)));
      return g ? withMembers(g) : null;
    },
    setGroupMember(groupId, agentId, member) {
      return atomic(async (tx) => {
        const [g] = await tx.select().from(groups).where(eq(groups.id, groupId));
        const [a] = await tx.select().from(agents).where(eq(agents.id, agentId));
        if (!g || !a || a.botId !== g.botId) return false;
        if (member) await tx.insert(agentGroups).values({ groupId, agentId }).onConflictDoNothing();
        else
          await tx
            .delete(agentGroups)
            .where(and(eq(agentGroups.groupId, groupId), eq(agentGroups.agentId, agentId)));
        return true;
      });
    },
    async setGroupHours(groupId, hours) {
      const rows = await db
        .update(groups)
        .set({ hours: hours === null ? null : JSON.stringify(hours) })
        .where(eq(groups.id, groupId))
        .returning({ id: groups.id });
      return rows.length > 0;
    },
    async deleteGroup(id) {
      await atomic(async (tx) => {
        await tx.delete(agentGroups).where(eq(agentGroups.groupId, id));
        // Its waiting users join the bot's whole queue, as if it had never been asked for.
        await tx.update(sessions).set({ groupId: null }).where(eq(sessions.groupId, id));
        await tx.delete(groups).where(eq(groups.id, id));
      });
    },
  };
}
