import { expect, test } from "bun:test";
import { adjustments, BOUND, likeness, usedSuggestion, VALUE } from "./feedback";

const shown = [
  { entryId: 1, text: "退款审核通过后原路返回，银行卡 1-5 个工作日。" },
  { entryId: 2, text: "Print the return label from the order page." },
];

test("a reply is the suggestion sent as is, edited, or none of them", () => {
  expect(usedSuggestion("Print the return label from the order page!", shown)).toEqual({
    entryId: 2,
    verdict: "as_is",
  });
  expect(usedSuggestion("您好，退款审核通过后会原路返回，银行卡一般 1-5 天。", shown)).toEqual({
    entryId: 1,
    verdict: "edited",
  });
  expect(usedSuggestion("Let me check with the warehouse.", shown)).toBeNull();
  expect(usedSuggestion("anything", [])).toBeNull();
  expect(likeness("", "")).toBe(0);
});

test("verdicts move an entry for questions like theirs, within a bound", () => {
  const words = (s: string) => new Set(s.split(" "));
  const rows = [
    { entryId: 1, words: words("send back"), verdict: "as_is" as const },
    { entryId: 1, words: words("send back"), verdict: "as_is" as const },
    { entryId: 1, words: words("send back"), verdict: "as_is" as const },
    { entryId: 2, words: words("send back"), verdict: "not_used" as const },
    { entryId: 3, words: words("track parcel"), verdict: "as_is" as const },
  ];
  const moved = adjustments(words("send back"), rows);
  expect(moved.get(1)).toBe(BOUND);
  expect(moved.get(2)).toBe(VALUE.not_used);
  // Nothing in common: no say.
  expect(moved.has(3)).toBe(false);
  // Less alike than ALIKE (2 words of 5): no say either.
  expect(adjustments(words("send gift item back post"), rows).size).toBe(0);
});
