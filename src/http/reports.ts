// GET /api/reports (issue 9): per agent or per group over a time range, the figures a desk
// lead reads: sessions, waits, first responses, handling times and ratings.
import { Hono } from "hono";
import { z } from "zod";
import { botReport } from "../ops/bot-report";
import { reportQuery } from "../wire/reports";
import { type AppEnv, type HttpServices, ok } from "./env";
import { query } from "./validate";

const range = reportQuery(z.coerce.number().int().min(0));

export function reportRoutes(s: HttpServices) {
  return new Hono<AppEnv>().get("/", query(range), async (c) =>
    ok(c, await botReport(s, c.get("bot").id, c.req.valid("query"))),
  );
}
