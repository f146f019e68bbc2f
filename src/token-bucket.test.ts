// Unit test: a burst is allowed whole, then the bucket refuses until it refills.
import { expect, test } from "bun:test";
import { TokenBucket } from "./token-bucket";

test("a full bucket allows exactly its burst at once, then refuses", () => {
  const bucket = new TokenBucket(1, 50);
  const taken = Array.from({ length: 60 }, () => bucket.take());
  expect(taken.filter(Boolean)).toHaveLength(50);
  expect(taken.slice(50).some(Boolean)).toBe(false);
});

test("it refills at its rate", async () => {
  const bucket = new TokenBucket(1000, 1);
  expect(bucket.take()).toBe(true);
  await Bun.sleep(20);
  expect(bucket.take()).toBe(true);
});
