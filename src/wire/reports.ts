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

/** The figures of some assignments (times in seconds); null where there was nothing to measure. */
export interface Figures {
  sessions: number;
  avg_wait_s: number | null;
  p90_wait_s: number | null;
  avg_first_response_s: number | null;
  avg_handling_s: number | null;
  ratings: number;
  avg_rating: number | null;
}

export type AgentReportRow = { customer_id: number; customer_name: string } & Figures;
export type GroupReportRow = { group_id: number; name: string; customer_ids: number[] } & Figures;

export interface BotReport {
  from: number;
  to: number;
  by: "agent" | "group";
  total: Figures;
  rows: AgentReportRow[] | GroupReportRow[];
}

const measured = z.number().nullable();
const figures = {
  sessions: z.number().int(),
  avg_wait_s: measured,
  p90_wait_s: measured,
  avg_first_response_s: measured,
  avg_handling_s: measured,
  ratings: z.number().int(),
  avg_rating: measured,
};

/** A BotReport as the documents describe it (openapi.ts, asyncapi). */
export const botReport = z.object({
  from: z.number().int(),
  to: z.number().int(),
  by: z.enum(["agent", "group"]),
  total: z.object(figures),
  rows: z.union([
    z.array(z.object({ customer_id: z.number().int(), customer_name: z.string(), ...figures })),
    z.array(
      z.object({
        group_id: z.number().int(),
        name: z.string(),
        customer_ids: z.array(z.number().int()),
        ...figures,
      }),
    ),
  ]),
});
