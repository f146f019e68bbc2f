// Unit test: the bounds on client JSON (depth, size, valid Unicode), at any depth.
import { expect, test } from "bun:test";
import { z } from "zod";
import { boundedJson, describeJsonProblem, jsonProblem, VALUE_BOUNDS } from "./json-bounds";

/** `levels` arrays, one inside the other. */
const nested = (levels: number): unknown =>
  JSON.parse(`${"[".repeat(levels)}${"]".repeat(levels)}`);

test("a value as deep as the bound passes; one level more is refused, naming where", () => {
  expect(jsonProblem(nested(32), 32)).toBeNull();
  expect(jsonProblem({ a: "x", b: 1, c: null, d: [true] }, 2)).toBeNull();
  const problem = jsonProblem({ extra: nested(32) }, 32);
  expect(problem && describeJsonProblem(problem)).toBe("extra: nested deeper than 32 levels");
});

test("a million levels are looked at without overflowing the stack", () => {
  expect(jsonProblem(nested(1_000_000), 64)?.message).toBe("nested deeper than 64 levels");
});

test("a lone surrogate in a string or a key is refused, naming where", () => {
  for (const s of ["\ud801", "\udc01", "a\ud800b"]) {
    const problem = jsonProblem({ userid: "ok", user: { nickname: s } }, 64);
    expect(problem && describeJsonProblem(problem)).toBe(
      "user.nickname: not valid Unicode (a lone surrogate)",
    );
  }
  expect(jsonProblem("\ud801", 64)?.path).toEqual([]);
  expect(jsonProblem({ x: { "\udc01": 1 } }, 64)).toEqual({
    path: ["x"],
    message: "a key is not valid Unicode (a lone surrogate)",
  });
  expect(jsonProblem({ text: "😀 你好 \u{10FFFF}" }, 64)).toBeNull();
});

test("a NUL character in a string or a key is refused, naming where (PostgreSQL cannot store it)", () => {
  expect(
    describeJsonProblem(jsonProblem({ userid: "u\u0000x" }, 64) ?? { path: [], message: "" }),
  ).toBe("userid: holds a NUL character (U+0000)");
  expect(jsonProblem({ x: { "a\u0000": 1 } }, 64)).toEqual({
    path: ["x"],
    message: "a key holds a NUL character (U+0000)",
  });
  expect(jsonProblem({ text: "\u0001 and \u001f are kept" }, 64)).toBeNull();
});

test("boundedJson adds depth, size and Unicode to a schema, with the issue's path", () => {
  const schema = z.object({ value: boundedJson(z.looseObject({ text: z.string() })) });
  expect(schema.safeParse({ value: { text: "hi", extra: nested(20) } }).success).toBe(true);
  const deep = schema.safeParse({ value: { text: "hi", extra: nested(40) } });
  expect(deep.error?.issues[0]?.path).toEqual(["value", "extra"]);
  expect(deep.error?.issues[0]?.message).toBe("nested deeper than 32 levels");
  const big = schema.safeParse({ value: { text: "x".repeat(VALUE_BOUNDS.bytes) } });
  expect(big.error?.issues[0]).toMatchObject({
    path: ["value"],
    message: `over ${VALUE_BOUNDS.bytes} bytes as JSON`,
  });
  const odd = schema.safeParse({ value: { text: "\ud801" } });
  expect(odd.error?.issues[0]).toMatchObject({ path: ["value", "text"] });
});
