import { expect, test } from "bun:test";
import { MIN_SCORE, rank } from "./rank";

test("one score per entry; learned pairs need a clearly better match to lead; weak matches go", () => {
  const ranked = rank(
    [
      { entryId: 1, question: "a", source: "curated", score: 8 },
      { entryId: 1, question: "b", source: "curated", score: 9 },
      { entryId: 2, question: "c", source: "learned", score: 12 },
      { entryId: 3, question: "d", source: "curated", score: 1 },
    ],
    3,
  );
  expect(ranked.map((c) => [c.entryId, c.score])).toEqual([
    [1, 9],
    [2, 6],
  ]);
});

test("when even the best match is weak, nothing is suggested", () => {
  const weak = { entryId: 1, question: "a", source: "curated" as const, score: MIN_SCORE - 0.1 };
  expect(rank([weak], 3)).toEqual([]);
  expect(rank([{ ...weak, score: MIN_SCORE }], 3).map((c) => c.entryId)).toEqual([1]);
});

test("feedback moves an entry among the matches, not over the floors", () => {
  const a = { entryId: 1, question: "a", source: "curated" as const, score: 3 };
  const b = { entryId: 2, question: "b", source: "curated" as const, score: 2.5 };
  const noise = { entryId: 3, question: "c", source: "curated" as const, score: 0.5 };
  const adjust = new Map([
    [2, 1],
    [3, 5],
  ]);
  expect(rank([a, b, noise], 3, adjust).map((c) => c.entryId)).toEqual([2, 1]);
});
