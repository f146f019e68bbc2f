// /api/customer/*: the seed's agent routes (section 18) and agent provisioning.
import { z } from "zod";
import { ROLES } from "../desk/permissions";
import { STATUS } from "../desk/routing";
import { CLOSE, DeskError } from "../errors";
import type { Agent } from "../model/desk";
import { withAudit } from "../store/stores";
import { id } from "../wire/fields";
import { byCaller, type HttpServices, ok } from "./env";
import { apiPost, routes } from "./openapi-route";

const byAgent = z.object({ bid: id.optional(), customer_id: id });

const agentId = z.number().int();
const status = z
  .number()
  .int()
  .min(STATUS.offline)
  .max(STATUS.away)
  .describe("0 offline, 1 online, 2 busy, 3 away");
const noAgent = { 404: "No agent with that id in this bot." };

const tag = "agents";

const list = apiPost({
  path: "/list",
  tag,
  summary: "The bot's agents who are not offline",
  body: z.object({ bid: id.optional() }),
  data: z.array(z.object({ customer_id: agentId, customer_name: z.string(), status })),
});

const info = apiPost({
  path: "/info",
  tag,
  summary: "One agent, with the users it holds",
  body: byAgent,
  data: z.object({
    bid: z.number().int(),
    customer_name: z.string(),
    customer_id: agentId,
    head_img: z.string(),
    status,
    connecting_user: z.array(z.string()).describe("the userids of its active sessions"),
  }),
  failures: noAgent,
});

const isOnline = apiPost({
  path: "/is_online",
  tag,
  summary: "Whether an agent has a live connection",
  body: byAgent,
  data: z.object({ is_online: z.union([z.literal(0), z.literal(1)]) }),
  failures: noAgent,
});

const create = apiPost({
  path: "/create",
  tag,
  summary: "Create an agent; its login token is shown once",
  body: z.object({
    bid: id.optional(),
    customer_name: z.string().trim().min(1).max(64),
    head_img: z.string().max(2048).default(""),
    max_sessions: z.number().int().min(1).max(1000).default(5),
    role: z.enum(ROLES).default("agent").describe("what it may see and do (docs/operations.md)"),
  }),
  data: z.object({ customer_id: agentId, customer_name: z.string(), token: z.string() }),
});

const token = apiPost({
  path: "/token",
  tag,
  summary: "Replace an agent's token: the old one stops working, its connections close",
  body: byAgent,
  data: z.object({ customer_id: agentId, token: z.string() }),
  failures: noAgent,
});

export function customerRoutes(s: HttpServices) {
  /** An agent of the caller's bot; another bot's agent is as good as none (404). */
  async function agentOf(botId: number, p: z.infer<typeof byAgent>): Promise<Agent> {
    const agent = await s.store.identity.getAgent(p.customer_id);
    if (!agent || agent.botId !== botId)
      throw new DeskError("notFound", `no agent ${p.customer_id}`);
    return agent;
  }
  const statusOf = async (agentId: number) =>
    (await s.presence.get(agentId))?.status ?? STATUS.offline;

  return routes()
    .serve(list, async (c) => {
      const bot = c.get("bot");
      const online = (await s.presence.list(bot.id)).filter((a) => a.status !== STATUS.offline);
      return ok(
        c,
        online.map((a) => ({ customer_id: a.agentId, customer_name: a.name, status: a.status })),
      );
    })
    .serve(info, async (c) => {
      const agent = await agentOf(c.get("bot").id, c.req.valid("json"));
      return ok(c, {
        bid: agent.botId,
        customer_name: agent.name,
        customer_id: agent.id,
        head_img: agent.headImg,
        status: await statusOf(agent.id),
        connecting_user: await s.store.sessions.activeUserids(agent.id),
      });
    })
    .serve(isOnline, async (c) => {
      const agent = await agentOf(c.get("bot").id, c.req.valid("json"));
      return ok(c, {
        is_online: (await s.presence.isOnline(agent.id)) ? (1 as const) : (0 as const),
      });
    })
    .serve(create, async (c) => {
      const p = c.req.valid("json");
      const bot = c.get("bot");
      const { agent, token } = await withAudit(
        s.store,
        (tx) =>
          tx.identity.createAgent({
            botId: bot.id,
            name: p.customer_name,
            headImg: p.head_img,
            maxSessions: p.max_sessions,
            role: p.role,
            now: Date.now(),
          }),
        ({ agent: a }) =>
          byCaller(c, "agent_create", `agent:${a.id}`, {
            customer_name: a.name,
            max_sessions: a.maxSessions,
            role: a.role,
          }),
      );
      return ok(c, { customer_id: agent.id, customer_name: agent.name, token });
    })
    .serve(token, async (c) => {
      const agent = await agentOf(c.get("bot").id, c.req.valid("json"));
      const audit = byCaller(c, "token_rotate", `agent:${agent.id}`);
      const rotated = await withAudit(
        s.store,
        (tx) => tx.identity.rotateToken(agent.id, Date.now()),
        (made) => (made ? audit : null),
      );
      // Null only if the agent went between the lookup and the rotation.
      if (rotated === null) throw new DeskError("notFound", `no agent ${agent.id}`);
      // A leaked token must stop working everywhere, not only for new logins.
      await s.hub.disconnect(agent.id, CLOSE.tokenRevoked, "token revoked");
      return ok(c, { customer_id: agent.id, token: rotated });
    });
}
