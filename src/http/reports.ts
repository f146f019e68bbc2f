// GET /api/reports (issue 9): per agent or per group over a time range, the figures a desk
// lead reads: sessions, waits, first responses, handling times and ratings.
import { Hono } from "hono";
import { z } from "zod";
import { figures } from "../ops/report";
import type { ReportRow } from "../store/ops-store";
import { type AppEnv, type HttpServices, ok } from "./env";
import { query } from "./validate";

const WEEK_S = 7 * 24 * 3600;

const range = z
  .object({
    from: z.coerce.number().int().min(0).optional(),
    to: z.coerce.number().int().min(0).optional(),
    by: z.enum(["agent", "group"]).default("agent"),
  })
  .transform((r) => {
    const to = r.to ?? Math.floor(Date.now() / 1000);
    return { ...r, to, from: r.from ?? Math.max(0, to - WEEK_S) };
  })
  .refine((r) => r.from <= r.to, { path: ["from"], message: "must not be after to" });

export function reportRoutes(s: HttpServices) {
  return new Hono<AppEnv>().get("/", query(range), async (c) => {
    const bot = c.get("bot");
    const { from, to, by } = c.req.valid("query");
    // Both ends inclusive, to the second.
    const rows = await s.ops.reportRows(bot.id, from * 1000, (to + 1) * 1000);
    const of = (agentIds: ReadonlySet<number>): ReportRow[] =>
      rows.filter((r) => agentIds.has(r.agentId));
    const report =
      by === "agent"
        ? (await s.store.listAgents(bot.id)).map((a) => ({
            customer_id: a.id,
            customer_name: a.name,
            ...figures(of(new Set([a.id]))),
          }))
        : (await s.ops.groupMembers(bot.id)).map((g) => ({
            group_id: g.groupId,
            name: g.name,
            customer_ids: g.agentIds,
            ...figures(of(new Set(g.agentIds))),
          }));
    return ok(c, { from, to, by, total: figures(rows), rows: report });
  });
}
