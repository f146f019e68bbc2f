import { expect, test } from "bun:test";
import type { ReportRow } from "../model/operations";
import { figures, percentile } from "./report";

let sessions = 0;
const row = (wait: number, extra: Partial<ReportRow> = {}): ReportRow => ({
  sessionId: ++sessions,
  agentId: 1,
  waitedFrom: 0,
  assignedAt: wait * 1000,
  firstReplyAt: null,
  releasedAt: null,
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
    row(10, { firstReplyAt: 15_000, releasedAt: 70_000, score: 5 }),
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

test("a session's assignments count it once, each with its own times", () => {
  // Queued at 0, A took it at 10 s and answered at 12 s, handed it to B at 15 s, who
  // answered at 16 s and ended it at 20 s.
  const a = row(10, { sessionId: 99, firstReplyAt: 12_000, releasedAt: 15_000 });
  const b = row(0, {
    sessionId: 99,
    agentId: 2,
    waitedFrom: 15_000,
    assignedAt: 15_000,
    firstReplyAt: 16_000,
    releasedAt: 20_000,
  });
  expect(figures([a, b])).toMatchObject({
    sessions: 1,
    avg_wait_s: 5,
    avg_first_response_s: 1.5,
    avg_handling_s: 5,
  });
  expect(figures([b])).toMatchObject({ avg_wait_s: 0, avg_first_response_s: 1 });
});
