// AgentTokenHashes on PostgreSQL. There is no cheap "another connection committed" as
// SQLite's data_version, and with several nodes a rotation is always elsewhere, so the
// watch reads the logged-in agents' hashes every time: one indexed query a second.
import { inArray } from "drizzle-orm";
import type { AgentTokenHashes } from "../agent-token-hashes";
import type { PgExec } from "./exec";
import { agentTokens } from "./schema/desk";

export function pgAgentTokenHashes(db: PgExec): AgentTokenHashes {
  return {
    changedElsewhere: () => true,
    async of(agentIds) {
      if (agentIds.length === 0) return new Map();
      const rows = await db
        .select({ agentId: agentTokens.agentId, hash: agentTokens.tokenHash })
        .from(agentTokens)
        .where(inArray(agentTokens.agentId, [...agentIds]));
      return new Map(rows.map((r) => [r.agentId, r.hash]));
    },
  };
}
