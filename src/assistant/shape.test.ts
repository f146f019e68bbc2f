import { expect, test } from "bun:test";
import { bigrams, fold, hanChars, shape } from "./shape";
import { terms } from "./terms";

test("English words lose their common suffixes, Chinese words a trailing particle", () => {
  expect(["refunds", "crashing", "crashes", "crashed", "arrived", "arrive"].map(fold)).toEqual([
    "refund",
    "crash",
    "crash",
    "crash",
    "arriv",
    "arriv",
  ]);
  expect(["少了", "新的", "了", "密码"].map(fold)).toEqual(["少", "新", "了", "密码"]);
});

test("character pairs come from Han runs only, so a word cut differently still meets", () => {
  expect(bigrams("手机号码 app")).toEqual(new Set(["手机", "机号", "号码"]));
  expect([...bigrams("换手机号")].filter((b) => bigrams("手机号码").has(b))).toEqual([
    "手机",
    "机号",
  ]);
});

test("single-character words give their character too", () => {
  expect(hanChars(terms("包裹里缺了东西"))).toContain("里");
});

test("a shape leaves stop words out", () => {
  expect(shape("请问怎么修改密码呢").words).toEqual(new Set(["修改", "密码"]));
});
