// /api/chat/*: pushes to agents (seed section 17), users' messages in, and the events feed.
import { Hono } from "hono";
import { z } from "zod";
import { DeskError } from "../errors";
import { boundedJson } from "../json-bounds";
import { queueStatus } from "../ops/queue-status";
import { id, userid } from "../wire/fields";
import { messageItem, messageItems } from "../wire/items";
import { profile } from "../wire/profile";
import { type AppEnv, type HttpServices, ok } from "./env";
import { json, query } from "./validate";

/** A frame the bot has kefu pass on to agents as given; the body limit bounds its size. */
const frame = boundedJson(z.record(z.string(), z.unknown()), null);

const userMessage = z.object({
  bid: id.optional(),
  userid,
  user_query: messageItems,
  bot_response: z.array(messageItem).max(50).default([]),
  user: profile.optional(),
  msgid: z.string().min(1).max(128).optional(),
  handoff: z.boolean().default(true),
  /** A skill group's name: a new session waits for that group's agents. */
  group: z.string().min(1).max(64).optional(),
});

export function chatRoutes(s: HttpServices) {
  return new Hono<AppEnv>()
    .post(
      "/send_to_group",
      json(
        z.object({
          bid: id.optional(),
          exclude_client_id: z.array(z.string()).max(10_000).default([]),
          data: frame,
        }),
      ),
      async (c) => {
        const bot = c.get("bot");
        const p = c.req.valid("json");
        return ok(c, {
          sent: await s.hub.toBot(bot.id, p.data, { clientIds: p.exclude_client_id }),
        });
      },
    )
    .post(
      "/send_to_customer",
      json(z.object({ bid: id.optional(), customer_id: id, data: frame })),
      async (c) => {
        const bot = c.get("bot");
        const p = c.req.valid("json");
        const agent = await s.store.identity.getAgent(p.customer_id);
        if (!agent || agent.botId !== bot.id)
          throw new DeskError("notFound", `no agent ${p.customer_id}`);
        return ok(c, { sent: await s.hub.toAgent(agent.id, p.data) });
      },
    )
    .post("/user_message", json(userMessage), async (c) => {
      const bot = c.get("bot");
      const p = c.req.valid("json");
      const answer = await s.desk.userMessage(bot.id, {
        userid: p.userid,
        userItems: p.user_query,
        robotItems: p.bot_response,
        handoff: p.handoff,
        ...(p.user ? { profile: p.user } : {}),
        ...(p.msgid ? { msgid: p.msgid } : {}),
        ...(p.group ? { group: p.group } : {}),
      });
      const place = answer.state === "waiting" ? await queueStatus(s, bot.id, p.userid) : null;
      return ok(c, {
        session_id: answer.sessionId,
        state: answer.state,
        customer_id: answer.agentId,
        position: place?.position ?? null,
        estimated_wait_s: place?.estimated_wait_s ?? null,
      });
    })
    .post("/queue_status", json(z.object({ bid: id.optional(), userid })), async (c) => {
      const bot = c.get("bot");
      const p = c.req.valid("json");
      if (!(await s.ops.hasUser(bot.id, p.userid)))
        throw new DeskError("notFound", `no user ${p.userid}`);
      return ok(c, await queueStatus(s, bot.id, p.userid));
    })
    .get(
      "/events",
      query(
        z.object({
          after: z.coerce.number().int().min(0).default(0),
          limit: z.coerce.number().int().min(1).max(1000).default(100),
        }),
      ),
      async (c) => {
        const { after, limit } = c.req.valid("query");
        const events = await s.store.outbox.eventsAfter(c.get("bot").id, after, limit);
        return ok(c, { events, next: events.at(-1)?.seq ?? after });
      },
    );
}
