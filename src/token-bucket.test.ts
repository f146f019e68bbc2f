// Unit test: a burst is allowed whole, then the bucket refuses until it refills.
import { expect, test } from "bun:test";
import { fullBucket, takeToken } from "./token-bucket";

test("a full bucket allows exactly its burst at once, then refuses", () => {
  const limit = { rate: 1, burst: 50 };
  const bucket = fullBucket(limit, 0);
  const taken = Array.from({ length: 60 }, () => takeToken(bucket, limit, 0));
  expect(taken.filter(Boolean)).toHaveLength(50);
  expect(taken.slice(50).some(Boolean)).toBe(false);
});

test("it refills at its rate", () => {
  const limit = { rate: 1000, burst: 1 };
  const bucket = fullBucket(limit, 0);
  expect(takeToken(bucket, limit, 0)).toBe(true);
  expect(takeToken(bucket, limit, 0.5)).toBe(false);
  expect(takeToken(bucket, limit, 2)).toBe(true);
});
