import { expect, test } from "bun:test";
import { terms } from "./terms";

test("Chinese is split into words, with the characters of longer words", () => {
  expect(terms("怎么改登录密码？")).toEqual({
    words: ["修改", "登录", "密码"],
    chars: ["修", "改", "登", "录", "密", "码"],
  });
});

test("width, case and punctuation are folded; stop words dropped", () => {
  expect(terms("ＨＯＷ do I Reset my PASSWORD!!").words).toEqual(["reset", "password"]);
  expect(terms("what's wrong?").words).toEqual(["wrong"]);
});

test("synonyms are indexed under one word, in both languages", () => {
  expect(terms("my parcel").words).toEqual(terms("my package").words);
  expect(terms("退钱").words).toEqual(terms("退款").words);
});

test("two single characters that make a known word count as that word too", () => {
  expect(terms("漏发了").words).toContain(terms("少发").words[0] ?? "少发");
});
