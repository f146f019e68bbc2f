// One bot's report over a time range, per agent or per group: what GET /api/reports and the
// agent protocol's get_reports both answer, computed in one place.
import { z } from "zod";
import type { ReportRow } from "../model/operations";
import type { OpsStore } from "../store/operations";
import type { Stores } from "../store/stores";
import { type Figures, figures } from "./report";

const WEEK_S = 7 * 24 * 3600;

/** `from` and `to` default to the 7 days up to now. */
function resolve(r: { from?: number | undefined; to?: number | undefined }) {
  const to = r.to ?? Math.floor(Date.now() / 1000);
  return { to, from: r.from ?? Math.max(0, to - WEEK_S) };
}

/**
 * The report's fields, from a query string (`seconds` coerces) or a frame: the range (Unix
 * seconds, both inclusive) and `by`; `from` after `to` is refused. An object schema still,
 * as every frame's is.
 */
export function reportQuery(seconds: z.ZodType<number, unknown>) {
  return z
    .object({
      from: seconds.optional(),
      to: seconds.optional(),
      by: z.enum(["agent", "group"]).default("agent"),
    })
    .refine(
      (r) => {
        const { from, to } = resolve(r);
        return from <= to;
      },
      { path: ["from"], message: "must not be after to" },
    );
}

export type ReportQuery = z.output<ReturnType<typeof reportQuery>>;

export type AgentReportRow = { customer_id: number; customer_name: string } & Figures;
export type GroupReportRow = { group_id: number; name: string; customer_ids: number[] } & Figures;

export interface BotReport {
  from: number;
  to: number;
  by: "agent" | "group";
  total: Figures;
  rows: AgentReportRow[] | GroupReportRow[];
}

export async function botReport(
  s: { store: Stores; ops: OpsStore },
  botId: number,
  query: ReportQuery,
): Promise<BotReport> {
  const { from, to } = resolve(query);
  const by = query.by;
  // Both ends inclusive, to the second.
  const rows = await s.ops.reportRows(botId, from * 1000, (to + 1) * 1000);
  const of = (agentIds: ReadonlySet<number>): ReportRow[] =>
    rows.filter((r) => agentIds.has(r.agentId));
  const report =
    by === "agent"
      ? (await s.store.identity.listAgents(botId)).map((a) => ({
          customer_id: a.id,
          customer_name: a.name,
          ...figures(of(new Set([a.id]))),
        }))
      : (await s.ops.groupMembers(botId)).map((g) => ({
          group_id: g.groupId,
          name: g.name,
          customer_ids: g.agentIds,
          ...figures(of(new Set(g.agentIds))),
        }));
  return { from, to, by, total: figures(rows), rows: report };
}
