// get_reports (issue 9): GET /api/reports's figures for the caller's bot, for agents, who
// have no api key.
import { botReport } from "../../ops/bot-report";
import type { AuthedCtx, Reply } from "../context";
import type { Params } from "../frames";

export async function getReports(ctx: AuthedCtx, p: Params<"get_reports">): Promise<Reply> {
  return { data: await botReport(ctx, ctx.actor.botId, p) };
}
