// `kefu agent create|token|list`: agents and their login tokens.
import { withAudit } from "../store/stores";
import { agentAccess, role } from "./agent-access";
import {
  byCli,
  type Invocation,
  name,
  need,
  needBot,
  positiveInt,
  print,
  UsageError,
  withStore,
} from "./args";

async function create({ values }: Invocation): Promise<void> {
  const bid = need(values, "bid", positiveInt);
  const agentName = need(values, "name", name);
  const headImg = values["head-img"] ?? "";
  const maxSessions =
    values["max-sessions"] === undefined ? 5 : need(values, "max-sessions", positiveInt);
  const agentRole = values.role === undefined ? "agent" : need(values, "role", role);
  const { agent: a, token } = await withStore(values, async (s) => {
    await needBot(s, bid);
    const now = Date.now();
    return withAudit(
      s,
      (tx) =>
        tx.identity.createAgent({
          botId: bid,
          name: agentName,
          headImg,
          maxSessions,
          role: agentRole,
          now,
        }),
      ({ agent: a }) => byCli(bid, "agent_create", `agent:${a.id}`, now),
    );
  });
  print(
    values,
    { customer_id: a.id, bid: a.botId, customer_name: a.name, token },
    `agent ${a.id} "${a.name}" of bot ${a.botId} (${a.role})\n  token (shown once): ${token}`,
  );
}

async function token({ values }: Invocation): Promise<void> {
  const customerId = need(values, "customer-id", positiveInt);
  const made = await withStore(values, async (s) => {
    const owner = await s.identity.getAgent(customerId);
    if (!owner) return null;
    const now = Date.now();
    return withAudit(
      s,
      (tx) => tx.identity.rotateToken(customerId, now),
      (t) => (t ? byCli(owner.botId, "token_rotate", `agent:${customerId}`, now) : null),
    );
  });
  if (!made) throw new UsageError(`no agent ${customerId}`);
  print(
    values,
    { customer_id: customerId, token: made },
    `agent ${customerId}\n  new token (shown once): ${made}`,
  );
}

async function list({ values }: Invocation): Promise<void> {
  const bid = need(values, "bid", positiveInt);
  const agents = await withStore(values, async (s) => {
    await needBot(s, bid);
    return s.identity.listAgents(bid);
  });
  print(
    values,
    {
      agents: agents.map((a) => ({
        customer_id: a.id,
        customer_name: a.name,
        max_sessions: a.maxSessions,
      })),
    },
    agents
      .map(
        (a) =>
          `${a.id}\t${a.name}\tmax ${a.maxSessions}\t${a.role}${a.disabled ? "\tdisabled" : ""}`,
      )
      .join("\n") || "no agents",
  );
}

export const agent = { create, token, list, ...agentAccess };
