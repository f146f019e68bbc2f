// The report that GET /api/reports and the agent protocol's get_reports both answer: its
// query (a range and a grouping) and its figures, in the seed's snake_case.
import { z } from "zod";

const WEEK_S = 7 * 24 * 3600;

/** The range a query asks for: `from` and `to` default to the 7 days up to now. */
export function reportRange(r: { from?: number | undefined; to?: number | undefined }) {
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
        const { from, to } = reportRange(r);
        return from <= to;
      },
      { path: ["from"], message: "must not be after to" },
    );
}

export type ReportQuery = z.output<ReturnType<typeof reportQuery>>;

const seconds = z.number().min(0).nullable();

/** The figures of some assignments (times in seconds); null where there was nothing to measure. */
const figures = z.object({
  sessions: z.number().int().min(0),
  avg_wait_s: seconds,
  p90_wait_s: seconds,
  avg_first_response_s: seconds,
  avg_handling_s: seconds,
  ratings: z.number().int().min(0),
  avg_rating: z.number().nullable(),
});

export type Figures = z.output<typeof figures>;

const agentReportRow = figures.extend({
  customer_id: z.number().int().positive(),
  customer_name: z.string(),
});
const groupReportRow = figures.extend({
  group_id: z.number().int().positive(),
  name: z.string(),
  customer_ids: z.array(z.number().int().positive()),
});

export type AgentReportRow = z.output<typeof agentReportRow>;
export type GroupReportRow = z.output<typeof groupReportRow>;

export const botReport = z.object({
  from: z.number().int(),
  to: z.number().int(),
  by: z.enum(["agent", "group"]),
  total: figures,
  rows: z.union([z.array(agentReportRow), z.array(groupReportRow)]),
});

export type BotReport = z.output<typeof botReport>;
