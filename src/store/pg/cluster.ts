// ClusterStore on PostgreSQL. "Live" is always decided by the database's clock
// (`lease_until` > now in ms), so nodes whose clocks drift still agree. A claim is one
// INSERT ... ON CONFLICT on the agent's primary key, or a locked read and update of the
// row that is there: two nodes racing for one agent take turns on that row.
import { type SQL, sql } from "drizzle-orm";
import type { Claim, ClusterStore, OnlineAgent } from "../cluster";
import type { PgExec } from "./exec";

const NOW_MS = sql`(extract(epoch from clock_timestamp()) * 1000)::bigint`;
const NOW_US = sql`(extract(epoch from clock_timestamp()) * 1000000)::bigint`;
const LIVE = (node: SQL) =>
  sql`EXISTS (SELECT 1 FROM nodes n WHERE n.id = ${node} AND n.lease_until > ${NOW_MS})`;

const COLUMNS = sql`p.agent_id, p.bot_id, p.client_id, p.name, p.head_img, p.status, p.auto_connect`;

const clientNotIn = (ids: readonly string[]) =>
  ids.length === 0
    ? sql`TRUE`
    : sql`p.client_id NOT IN (${sql.join(
        ids.map((id) => sql`${id}`),
        sql`, `,
      )})`;

type Row = Record<string, unknown>;

const toAgent = (r: Row): OnlineAgent => ({
  agentId: Number(r.agent_id),
  botId: Number(r.bot_id),
  clientId: String(r.client_id),
  name: String(r.name),
  headImg: String(r.head_img),
  status: Number(r.status),
  autoConnect: r.auto_connect === true,
});

export function createPgCluster(db: PgExec): ClusterStore {
  const rows = (q: SQL) => db.execute(q).then((r) => [...r].map(toAgent));
  return {
    async databaseId() {
      const [r] =
        await db.execute(sql`SELECT (SELECT system_identifier FROM pg_control_system())::text
        || ':' || current_database() AS id`);
      return String(r?.id);
    },
    async registerNode(nodeId, leaseMs) {
      await db.execute(sql`INSERT INTO nodes (id, lease_until, started_at)
        VALUES (${nodeId}, ${NOW_MS} + ${leaseMs}, ${NOW_MS})
        ON CONFLICT (id) DO UPDATE SET lease_until = excluded.lease_until`);
    },
    async renewNode(nodeId, leaseMs) {
      const r = await db.execute(sql`UPDATE nodes SET lease_until = ${NOW_MS} + ${leaseMs}
        WHERE id = ${nodeId} RETURNING id`);
      return r.length > 0;
    },
    async retireNode(nodeId) {
      await db.execute(sql`UPDATE nodes SET lease_until = ${NOW_MS} WHERE id = ${nodeId}`);
    },
    async claim(a, nodeId, force): Promise<Claim> {
      return db.transaction(async (tx) => {
        const inserted = await tx.execute(sql`INSERT INTO presence
          (agent_id, bot_id, node_id, client_id, name, head_img, status, auto_connect, logged_in_at)
          VALUES (${a.agentId}, ${a.botId}, ${nodeId}, ${a.clientId}, ${a.name}, ${a.headImg},
            ${a.status}, ${a.autoConnect}, ${NOW_US})
          ON CONFLICT (agent_id) DO NOTHING RETURNING agent_id`);
        if (inserted.length > 0) return { claimed: true, replaced: null };
        const [held] = await tx.execute(sql`SELECT ${COLUMNS}, ${LIVE(sql`p.node_id`)} AS live
          FROM presence p WHERE p.agent_id = ${a.agentId} FOR UPDATE`);
        if (!held) throw new Error("presence row vanished under its lock");
        const holder = toAgent(held);
        // A holder on a node gone silent is no holder: its sweep has not come round yet.
        if (held.live === true && !force) return { claimed: false, holder };
        await tx.execute(sql`UPDATE presence SET bot_id = ${a.botId}, node_id = ${nodeId},
          client_id = ${a.clientId}, name = ${a.name}, head_img = ${a.headImg},
          status = ${a.status}, auto_connect = ${a.autoConnect}, logged_in_at = ${NOW_US}
          WHERE agent_id = ${a.agentId}`);
        return { claimed: true, replaced: holder };
      });
    },
    async release(agentId, clientId) {
      const [gone] = await rows(sql`DELETE FROM presence p
        WHERE p.agent_id = ${agentId} AND p.client_id = ${clientId} RETURNING ${COLUMNS}`);
      return gone ?? null;
    },
    async setStatus(agentId, status) {
      await db.execute(sql`UPDATE presence SET status = ${status} WHERE agent_id = ${agentId}`);
    },
    async setAutoConnect(agentId, on) {
      await db.execute(sql`UPDATE presence SET auto_connect = ${on} WHERE agent_id = ${agentId}`);
    },
    async get(agentId) {
      const [a] = await rows(sql`SELECT ${COLUMNS} FROM presence p
        WHERE p.agent_id = ${agentId} AND ${LIVE(sql`p.node_id`)}`);
      return a ?? null;
    },
    ofBot(botId) {
      return rows(sql`SELECT ${COLUMNS} FROM presence p
        WHERE p.bot_id = ${botId} AND ${LIVE(sql`p.node_id`)}
        ORDER BY p.logged_in_at, p.agent_id`);
    },
    async countOfBot(botId, exceptAgentId, exceptClientIds = []) {
      const [r] = await db.execute<{ n: number }>(sql`SELECT count(*)::int AS n FROM presence p
        WHERE p.bot_id = ${botId} AND ${LIVE(sql`p.node_id`)}
          AND p.agent_id <> ${exceptAgentId ?? -1}
          AND ${clientNotIn(exceptClientIds)}`);
      return Number(r?.n ?? 0);
    },
    sweepLostNodes() {
      return db.transaction(async (tx) => {
        const gone = await tx.execute(sql`DELETE FROM presence p
          WHERE NOT ${LIVE(sql`p.node_id`)} RETURNING ${COLUMNS}`);
        await tx.execute(sql`DELETE FROM nodes WHERE lease_until <= ${NOW_MS}`);
        return [...gone].map(toAgent);
      });
    },
    releaseStale(nodeId, keep) {
      return rows(sql`DELETE FROM presence p WHERE p.node_id = ${nodeId}
        AND ${clientNotIn(keep)} RETURNING ${COLUMNS}`);
    },
  };
}
