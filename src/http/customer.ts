// /api/customer/*: the seed's agent routes (section 18) and agent provisioning.

import { Hono } from "hono";
import { z } from "zod";
import { STATUS } from "../desk/routing";
import { CLOSE, DeskError } from "../errors";
import type { Agent } from "../model/desk";
import { withAudit } from "../store/stores";
import { id } from "../wire/fields";
import { type AppEnv, byBot, type HttpServices, ok } from "./env";
import { json } from "./validate";

const byAgent = z.object({ bid: id.optional(), customer_id: id });

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

  return new Hono<AppEnv>()
    .post("/list", json(z.object({ bid: id.optional() })), async (c) => {
      const bot = c.get("bot");
      const online = (await s.presence.list(bot.id)).filter((a) => a.status !== STATUS.offline);
      return ok(
        c,
        online.map((a) => ({ customer_id: a.agentId, customer_name: a.name, status: a.status })),
      );
    })
    .post("/info", json(byAgent), async (c) => {
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
    .post("/is_online", json(byAgent), async (c) => {
      const agent = await agentOf(c.get("bot").id, c.req.valid("json"));
      return ok(c, { is_online: (await s.presence.isOnline(agent.id)) ? 1 : 0 });
    })
    .post(
      "/create",
      json(
        z.object({
          bid: id.optional(),
          customer_name: z.string().trim().min(1).max(64),
          head_img: z.string().max(2048).default(""),
          max_sessions: z.number().int().min(1).max(1000).default(5),
        }),
      ),
      async (c) => {
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
              now: Date.now(),
            }),
          ({ agent: a }) =>
            byBot(bot.id, "agent_create", `agent:${a.id}`, {
              customer_name: a.name,
              max_sessions: a.maxSessions,
            }),
        );
        return ok(c, { customer_id: agent.id, customer_name: agent.name, token });
      },
    )
    .post("/token", json(byAgent), async (c) => {
      const agent = await agentOf(c.get("bot").id, c.req.valid("json"));
      const audit = byBot(agent.botId, "token_rotate", `agent:${agent.id}`);
      const token = await withAudit(
        s.store,
        (tx) => tx.identity.rotateToken(agent.id, Date.now()),
        (rotated) => (rotated ? audit : null),
      );
      // A leaked token must stop working everywhere, not only for new logins.
      await s.hub.disconnect(agent.id, CLOSE.tokenRevoked, "token revoked");
      return ok(c, { customer_id: agent.id, token });
    });
}
