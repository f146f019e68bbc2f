// Rate limits, for agent connections (frames) and api keys (requests). A bucket is two
// numbers kept by what it limits: a connection holds its own, with no object of its own.

/** A steady `rate` per second, with bursts of `burst`. */
export interface Limit {
  rate: number;
  burst: number;
}

/** The tokens left, as of `bucketAt` (performance.now()). */
export interface Bucket {
  bucketTokens: number;
  bucketAt: number;
}

export function fullBucket(limit: Limit, now = performance.now()): Bucket {
  return { bucketTokens: limit.burst, bucketAt: now };
}

/** Takes a token if there is one; false: over the limit. */
export function takeToken(b: Bucket, limit: Limit, now = performance.now()): boolean {
  b.bucketTokens = Math.min(limit.burst, b.bucketTokens + ((now - b.bucketAt) / 1000) * limit.rate);
  b.bucketAt = now;
  if (b.bucketTokens < 1) return false;
  b.bucketTokens -= 1;
  return true;
}
