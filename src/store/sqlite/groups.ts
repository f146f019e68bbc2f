// GroupStore on SQLite: skill groups and the agents in them.
import { and, asc, eq, sql } from "drizzle-orm";
import type { Group } from "../../model/desk";
import type { Db } from "../db";
import type { Write } from "../group-commit";
import type { GroupStore } from "../groups";
import { toGroup } from "../rows";
import { agents, sessions } from "../schema/desk";
import { agentGroups, groups } from "../schema/operations";

export function createSqliteGroups(db: Db, write: Write): GroupStore {
  // A bot's groups are read at every login and auto-connect (which of the queue an agent
  // may take): prepared once.
  const membersOf = db
    .select({ agentId: agentGroups.agentId })
    .from(agentGroups)
    .where(eq(agentGroups.groupId, sql.placeholder("groupId")))
    .orderBy(asc(agentGroups.agentId))
    .prepare();
  const ofBot = db
    .select()
    .from(groups)
    .where(eq(groups.botId, sql.placeholder("botId")))
    .orderBy(asc(groups.id))
    .prepare();
  const withMembers = (row: typeof groups.$inferSelect): Group => {
    const members = membersOf.all({ groupId: row.id }).map((m) => m.agentId);
    return { ...toGroup(row), members };
  };
  return {
    async createGroup(botId, name, fallbackAfterS, now) {
      const row = await write((tx) =>
        tx
          .insert(groups)
          .values({ botId, name, fallbackAfterS, createdAt: now })
          .onConflictDoNothing()
          .returning()
          .get(),
      );
      return row ? { ...toGroup(row), members: [] } : null;
    },
    async listGroups(botId) {
      return ofBot.all({ botId }).map(withMembers);
    },
    async getGroup(id) {
      const g = db.select().from(groups).where(eq(groups.id, id)).get();
      return g ? withMembers(g) : null;
    },
    async groupByName(botId, name) {
      const g = db
        .select()
        .from(groups)
        .where(and(eq(groups.botId, botId), eq(groups.name, name)))
        .get();
      return g ? withMembers(g) : null;
    },
    async setGroupMember(groupId, agentId, member) {
      return write((tx) => {
        const g = tx.select().from(groups).where(eq(groups.id, groupId)).get();
        const a = tx.select().from(agents).where(eq(agents.id, agentId)).get();
        if (!g || !a || a.botId !== g.botId) return false;
        if (member) tx.insert(agentGroups).values({ groupId, agentId }).onConflictDoNothing().run();
        else
          tx.delete(agentGroups)
            .where(and(eq(agentGroups.groupId, groupId), eq(agentGroups.agentId, agentId)))
            .run();
        return true;
      });
    },
    async setGroupHours(groupId, hours) {
      const rows = await write((tx) =>
        tx
          .update(groups)
          .set({ hours: hours === null ? null : JSON.stringify(hours) })
          .where(eq(groups.id, groupId))
          .returning({ id: groups.id })
          .all(),
      );
      return rows.length > 0;
    },
    async deleteGroup(id) {
      await write((tx) => {
        tx.delete(agentGroups).where(eq(agentGroups.groupId, id)).run();
        // Its waiting users join the bot's whole queue, as if it had never been asked for.
        tx.update(sessions).set({ groupId: null }).where(eq(sessions.groupId, id)).run();
        tx.delete(groups).where(eq(groups.id, id)).run();
      });
    },
  };
}
