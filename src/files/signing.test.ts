import { expect, test } from "bun:test";
import { signedQuery, validSignature } from "./signing";

const parts = (q: string) => Object.fromEntries(new URLSearchParams(q)) as Record<string, string>;

test("a link signed for a file works until it expires, for that file only", () => {
  const { exp, sig } = parts(signedQuery("s1", "f1", 2000));
  expect(validSignature("s1", "f1", exp, sig, 1999)).toBe(true);
  expect(validSignature("s1", "f1", exp, sig, 2001)).toBe(false);
  expect(validSignature("s1", "f2", exp, sig, 1999)).toBe(false);
  expect(validSignature("s2", "f1", exp, sig, 1999)).toBe(false);
  expect(validSignature("s1", "f1", "3000", sig, 1999)).toBe(false);
  expect(validSignature("s1", "f1", undefined, sig, 1999)).toBe(false);
});
