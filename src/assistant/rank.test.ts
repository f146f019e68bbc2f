import { expect, test } from "bun:test";
import { rank } from "./rank";

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
