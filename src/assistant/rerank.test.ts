import { expect, test } from "bun:test";
import { asked, cover, dice, share, similarity } from "./rerank";
import { shape } from "./shape";

const weights = (pairs: [string, number][]) => new Map(pairs);

test("cover is the share of the query's weight found; unknown terms weigh nothing", () => {
  const q = weights([
    ["密码", 3],
    ["修改", 1],
    ["zzz", 0],
  ]);
  expect(cover(q, new Set(["密码"]))).toBe(0.75);
  expect(cover(weights([]), new Set(["密码"]))).toBe(0);
  // Several sets are searched as one.
  expect(cover(q, [new Set(["修改"]), new Set(["密码"])])).toBe(1);
});

test("asked is the share of the question's words the query has", () => {
  expect(asked(weights([["密码", 1]]), new Set(["密码", "找回"]))).toBe(0.5);
  expect(asked(weights([["密码", 1]]), new Set())).toBe(0);
});

test("dice and share of sets", () => {
  expect(dice(new Set(["a", "b"]), new Set(["b", "c"]))).toBe(0.5);
  expect(dice(new Set(), new Set())).toBe(0);
  expect(share(new Set(["a", "b"]), new Set(["b"]))).toBe(0.5);
});

test("a question that explains the whole query beats a shorter one that shares one rare word", () => {
  const query = {
    words: weights([
      ["修改", 1],
      ["密码", 3],
    ]),
    chars: weights([
      ["修", 1],
      ["改", 1],
      ["密", 2],
      ["码", 2],
    ]),
    bigrams: new Set(["修改", "改密", "密码"]),
  };
  const change = shape("怎么改登录密码");
  const recover = shape("密码找回");
  // BM25 had them the other way round.
  expect(similarity(query, change, [change], 0.9)).toBeGreaterThan(
    similarity(query, recover, [recover], 1),
  );
});
