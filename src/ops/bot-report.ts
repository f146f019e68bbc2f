// One bot's report over a time range, per agent or per group: what GET /api/reports and the
// agent protocol's get_reports both answer, computed in one place.
import type { ReportRow } from "../model/operations";
import type { OpsStore } from "../store/operations";
import type { Stores } from "../store/stores";
import { type BotReport, type ReportQuery, reportRange } from "../wire/reports";
import { figures } from "./report";

export async function botReport(
  s: { store: Stores; ops: OpsStore },
  botId: number,
  query: ReportQuery,
): Promise<BotReport> {
  const { from, to } = reportRange(query);
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
