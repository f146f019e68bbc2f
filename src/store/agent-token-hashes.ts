// The token hashes the logged-in agents have now, for closing the connections of a token
// that another process (`kefu agent token`, on the same database file) has rotated.
import { sql } from "drizzle-orm";
import type { Db } from "./db";
import { agentTokens } from "./schema/desk";

export interface AgentTokenHashes {
  /** True once after each commit made by another connection to the database. */
  changedElsewhere(): boolean;
  /** agent id → its current token hash; an agent without a token is absent. */
  of(agentIds: readonly number[]): Map<number, string> | Promise<Map<number, string>>;
}

export function agentTokenHashes(db: Db): AgentTokenHashes {
  // One statement whatever the number of agents: the ids come as one JSON array.
  const byIds = db
    .select({ agentId: agentTokens.agentId, hash: agentTokens.tokenHash })
    .from(agentTokens)
    .where(sql`${agentTokens.agentId} IN (SELECT value FROM json_each(${sql.placeholder("ids")}))`)
    .prepare();
  // SQLite bumps data_version only for commits by other connections: checking it costs
  // nothing, so the hashes are read only when another process has written.
  const dataVersion = db.$client.prepare<{ data_version: number }, []>("PRAGMA data_version");
  let seen = dataVersion.get()?.data_version;
  return {
    changedElsewhere() {
      const now = dataVersion.get()?.data_version;
      if (now === seen) return false;
      seen = now;
      return true;
    },
    of(agentIds) {
      const rows = byIds.all({ ids: JSON.stringify(agentIds) });
      return new Map(rows.map((r) => [r.agentId, r.hash]));
    },
  };
}
