// /api/customer/*: the seed's agent routes (section 18) and agent provisioning.
import { Hono } from "hono";
import { z } from "zod";
import { STATUS } from "../desk/routing";
import { DeskError } from "../errors";
import { id } from "../protocol/frames";
import type { Agent } from "../store/store";
import { type AppEnv, type HttpServices, ok } from "./env";
import { json } from "./validate";

const byAgent = z.object({ customer_id: id });

export function customerRoutes(s: HttpServices) {
  /** An agent of the caller's bot; another bot's agent is as good as none (404). */
  async function agentOf(bid: number, customerId: number): Promise<Agent> {
    const agent = await s.store.getAgent(customerId);
    if (!agent || agent.botId !== bid) throw new DeskError("notFound", `no agent ${customerId}`);
    return agent;
  }
  const statusOf = (agentId: number) => s.presence.get(agentId)?.status ?? STATUS.offline;

  return new Hono<AppEnv>()
    .post("/list", json(z.object({ bid: id.optional() })), (c) => {
      const bot = c.get("bot");
      const { bid } = c.req.valid("json");
      if (bid !== undefined && bid !== bot.id) throw new DeskError("forbidden");
      const online = s.presence.ofBot(bot.id).filter((a) => a.status !== STATUS.offline);
      return ok(
        c,
        online.map((a) => ({ customer_id: a.agentId, customer_name: a.name, status: a.status })),
      );
    })
    .post("/info", json(byAgent), async (c) => {
      const agent = await agentOf(c.get("bot").id, c.req.valid("json").customer_id);
      return ok(c, {
        bid: agent.botId,
        customer_name: agent.name,
        customer_id: agent.id,
        head_img: agent.headImg,
        status: statusOf(agent.id),
        connecting_user: await s.store.activeUserids(agent.id),
      });
    })
    .post("/is_online", json(byAgent), async (c) => {
      const agent = await agentOf(c.get("bot").id, c.req.valid("json").customer_id);
      return ok(c, { is_online: s.presence.isOnline(agent.id) ? 1 : 0 });
    })
    .post(
      "/create",
      json(
        z.object({
          customer_name: z.string().trim().min(1).max(64),
          head_img: z.string().max(2048).default(""),
          max_sessions: z.number().int().min(1).max(1000).default(5),
        }),
      ),
      async (c) => {
        const p = c.req.valid("json");
        const { agent, token } = await s.store.createAgent({
          botId: c.get("bot").id,
          name: p.customer_name,
          headImg: p.head_img,
          maxSessions: p.max_sessions,
          now: Date.now(),
        });
        return ok(c, { customer_id: agent.id, customer_name: agent.name, token });
      },
    )
    .post("/token", json(byAgent), async (c) => {
      const agent = await agentOf(c.get("bot").id, c.req.valid("json").customer_id);
      const token = await s.store.rotateToken(agent.id, Date.now());
      return ok(c, { customer_id: agent.id, token });
    });
}
