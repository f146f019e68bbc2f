import { createHash, randomBytes, timingSafeEqual } from "node:crypto";

/** A random 256-bit secret, URL-safe. The prefix tells an operator what a leaked string is. */
export function newSecret(prefix: "kfk" | "kft" | "kfs"): string {
  return `${prefix}_${randomBytes(32).toString("base64url")}`;
}

/** Standard Webhooks secrets are `whsec_` + base64 of the key bytes. */
export function newWebhookSecret(): string {
  return `whsec_${randomBytes(24).toString("base64")}`;
}

/** SHA-256 suffices: the secrets are random 256-bit values, not passwords. */
export function hashSecret(secret: string): string {
  return createHash("sha256").update(secret).digest("hex");
}

/** Constant-time check of a presented secret against a stored hash. */
export function secretMatches(secret: string, storedHash: string): boolean {
  const a = Buffer.from(hashSecret(secret), "hex");
  const b = Buffer.from(storedHash, "hex");
  return a.length === b.length && timingSafeEqual(a, b);
}
