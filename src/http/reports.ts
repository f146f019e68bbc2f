// GET /api/reports (issue 9): per agent or per group over a time range, the figures a desk
// lead reads: sessions, waits, first responses, handling times and ratings.
import { z } from "zod";
import { botReport } from "../ops/bot-report";
import { reportQuery, botReport as reportSchema } from "../wire/reports";
import { type HttpServices, ok } from "./env";
import { apiGet, routes } from "./openapi-route";

const report = apiGet({
  path: "/",
  tag: "operations",
  summary: "Sessions, waits, first responses, handling times and ratings, per agent or group",
  description: "`from` and `to` are Unix seconds, both inclusive; by default the 7 days up to now.",
  query: reportQuery(z.coerce.number().int().min(0)),
  data: reportSchema,
});

export function reportRoutes(s: HttpServices) {
  return routes().serve(report, async (c) =>
    ok(c, await botReport(s, c.get("bot").id, c.req.valid("query"))),
  );
}
