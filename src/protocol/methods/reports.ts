// get_reports (issue 9): GET /api/reports's figures for the caller's bot, for agents, who
// have no api key.
import { botReport } from "../../ops/bot-report";
import type { Params, Result } from "../../wire/requests";
import type { AuthedCtx } from "../context";

export async function getReports(
  ctx: AuthedCtx,
  p: Params<"get_reports">,
): Promise<Result<"get_reports">> {
  return { data: await botReport(ctx, ctx.actor.botId, p) };
}
