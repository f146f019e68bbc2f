// A per-api-key rate limit on the HTTP API: a token bucket per bot (the key fixes the bot),
// so one noisy backend cannot starve the desk for the others. Mounted after the api-key
// check, so only real keys ever get a bucket and the map stays as small as the bot table.
import type { MiddlewareHandler } from "hono";
import { ERRORS } from "../errors";
import { type Bucket, fullBucket, takeToken } from "../token-bucket";
import type { AppEnv } from "./env";

/** `rate` requests per second per key, bursts of twice that. */
export function apiRateLimit(rate: number): MiddlewareHandler<AppEnv> {
  const limit = { rate, burst: rate * 2 };
  const buckets = new Map<number, Bucket>();
  const retryAfter = String(Math.max(1, Math.ceil(1 / rate)));
  return async (c, next) => {
    const botId = c.get("bot").id;
    let bucket = buckets.get(botId);
    if (!bucket) {
      bucket = fullBucket(limit);
      buckets.set(botId, bucket);
    }
    if (!takeToken(bucket, limit)) {
      return c.json({ code: ERRORS.tooMany.code, msg: ERRORS.tooMany.msg }, 429, {
        "retry-after": retryAfter,
      });
    }
    await next();
  };
}
