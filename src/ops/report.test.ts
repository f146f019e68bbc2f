import { expect, test } from "bun:test";
import type { ReportRow } from "../store/ops-store";
import { figures, percentile } from "./report";

const row = (wait: number, extra: Partial<ReportRow> = {}): ReportRow => ({
  agentId: 1,
  queuedAt: 0,
  assignedAt: wait * 1000,
  firstReplyAt: null,
  endedAt: null,
  score: null,
  ...extra,
});

test("percentile is nearest-rank", () => {
  expect(percentile([], 0.9)).toBeNull();
  expect(percentile([5], 0.9)).toBe(5);
  expect(percentile([1, 2, 3, 4, 5, 6, 7, 8, 9, 10], 0.9)).toBe(9);
  expect(percentile([10, 1, 2], 0.9)).toBe(10);
});

test("figures: waits, first responses, handling and ratings in seconds", () => {
  const f = figures([
    row(10, { firstReplyAt: 15_000, endedAt: 70_000, score: 5 }),
    row(20, { firstReplyAt: 50_000, score: 2 }),
    row(30),
  ]);
  expect(f).toEqual({
    sessions: 3,
    avg_wait_s: 20,
    p90_wait_s: 30,
    avg_first_response_s: 17.5,
    avg_handling_s: 60,
    ratings: 2,
    avg_rating: 3.5,
  });
});

test("no sessions: counts are zero, averages null", () => {
  expect(figures([])).toEqual({
    sessions: 0,
    avg_wait_s: null,
    p90_wait_s: null,
    avg_first_response_s: null,
    avg_handling_s: null,
    ratings: 0,
    avg_rating: null,
  });
});
