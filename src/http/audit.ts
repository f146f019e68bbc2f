// GET /api/audit (issue 9): who did what and when in the bot, newest first, filtered by
// agent and time.
import { Hono } from "hono";
import { z } from "zod";
import { DeskError } from "../errors";
import { id } from "../wire/fields";
import { type AppEnv, type HttpServices, ok } from "./env";
import { query } from "./validate";

const seconds = (ms: number) => Math.floor(ms / 1000);

const filter = z.object({
  customer_id: id.optional(),
  from: z.coerce.number().int().min(0).optional(),
  to: z.coerce.number().int().min(0).optional(),
  before: id.optional(),
  limit: z.coerce.number().int().min(1).max(1000).default(100),
});

export function auditRoutes(s: HttpServices) {
  return new Hono<AppEnv>().get("/", query(filter), async (c) => {
    const bot = c.get("bot");
    const p = c.req.valid("query");
    if (p.customer_id !== undefined) {
      const agent = await s.store.identity.getAgent(p.customer_id);
      if (!agent || agent.botId !== bot.id)
        throw new DeskError("notFound", `no agent ${p.customer_id}`);
    }
    const entries = await s.ops.auditLog({
      botId: bot.id,
      ...(p.customer_id === undefined ? {} : { agentId: p.customer_id }),
      ...(p.from === undefined ? {} : { from: p.from * 1000 }),
      // `to` is inclusive: the whole of that second.
      ...(p.to === undefined ? {} : { to: (p.to + 1) * 1000 }),
      ...(p.before === undefined ? {} : { beforeId: p.before }),
      limit: p.limit,
    });
    return ok(c, {
      entries: entries.map((e) => ({
        id: e.id,
        actor_type: e.actorType,
        actor_id: e.actorId,
        action: e.action,
        target: e.target,
        details: e.details,
        timestamp: seconds(e.createdAt),
      })),
      // Pass as `before` for the next (older) page.
      next: entries.length === p.limit ? (entries.at(-1)?.id ?? null) : null,
    });
  });
}
