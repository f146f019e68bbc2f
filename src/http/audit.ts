// GET /api/audit (issue 9): who did what and when in the bot, newest first, filtered by
// agent and time.
import { z } from "zod";
import { DeskError } from "../errors";
import type { ActorType } from "../model/operations";
import { id } from "../wire/fields";
import { type HttpServices, ok } from "./env";
import { apiGet, routes } from "./openapi-route";

const seconds = (ms: number) => Math.floor(ms / 1000);

const ACTOR_TYPES = ["agent", "bot", "cli", "desk"] as const satisfies readonly ActorType[];

const filter = z.object({
  customer_id: id.optional(),
  from: z.coerce.number().int().min(0).optional(),
  to: z.coerce.number().int().min(0).optional(),
  before: id.optional(),
  limit: z.coerce.number().int().min(1).max(1000).default(100),
});

const entry = z.object({
  id: z.number().int(),
  actor_type: z.enum(ACTOR_TYPES),
  actor_id: z.number().int().nullable(),
  action: z.string(),
  target: z.string().nullable(),
  details: z.record(z.string(), z.unknown()),
  timestamp: z.number().int().describe("Unix seconds"),
});

const audit = apiGet({
  path: "/",
  tag: "operations",
  summary: "The audit log, newest first: who changed what, and when",
  query: filter,
  data: z.object({
    entries: z.array(entry),
    next: z.number().int().nullable().describe("pass as `before` for the next (older) page"),
  }),
  failures: { 404: "No agent `customer_id` in this bot." },
});

export function auditRoutes(s: HttpServices) {
  return routes().serve(audit, async (c) => {
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
