// Report figures from assignment rows (GET /api/reports): counts, averages and the p90 wait,
// in seconds. Pure, so the arithmetic is tested apart from the database.
import type { ReportRow } from "../model/operations";
import type { Figures } from "../wire/reports";

const round1 = (n: number) => Math.round(n * 10) / 10;

function mean(values: number[]): number | null {
  if (values.length === 0) return null;
  return round1(values.reduce((a, b) => a + b, 0) / values.length);
}

/** The nearest-rank percentile: the smallest value with at least p of the values at or below it. */
export function percentile(values: number[], p: number): number | null {
  if (values.length === 0) return null;
  const sorted = [...values].sort((a, b) => a - b);
  const rank = Math.max(1, Math.ceil(p * sorted.length));
  return sorted[rank - 1] ?? null;
}

/** Each figure is of one assignment: its own wait, first response and handling. */
export function figures(rows: readonly ReportRow[]): Figures {
  const waits = rows.map((r) => (r.assignedAt - r.waitedFrom) / 1000);
  const firsts = rows.flatMap((r) =>
    r.firstReplyAt === null ? [] : [(r.firstReplyAt - r.assignedAt) / 1000],
  );
  const handling = rows.flatMap((r) =>
    r.releasedAt === null ? [] : [(r.releasedAt - r.assignedAt) / 1000],
  );
  const scores = rows.flatMap((r) => (r.score === null ? [] : [r.score]));
  const p90 = percentile(waits, 0.9);
  return {
    // A session given back and taken again by the same agent counts once.
    sessions: new Set(rows.map((r) => r.sessionId)).size,
    avg_wait_s: mean(waits),
    p90_wait_s: p90 === null ? null : round1(p90),
    avg_first_response_s: mean(firsts),
    avg_handling_s: mean(handling),
    ratings: scores.length,
    avg_rating: scores.length === 0 ? null : Math.round((mean(scores) ?? 0) * 100) / 100,
  };
}
