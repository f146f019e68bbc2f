// A file's link works until it expires: `exp` (Unix seconds) and `sig`, an HMAC-SHA256 of
// "<id>.<exp>" under the file's own secret, so a link cannot be stretched or pointed at
// another file, and no secret is shared between files or bots.
import { createHmac, timingSafeEqual } from "node:crypto";

const mac = (secret: string, id: string, exp: number) =>
  createHmac("sha256", secret).update(`${id}.${exp}`).digest("base64url");

export function signedQuery(secret: string, id: string, exp: number): string {
  return `exp=${exp}&sig=${mac(secret, id, exp)}`;
}

/** True if `sig` signs `exp` for the file and `exp` is still ahead of `nowS`. */
export function validSignature(
  secret: string,
  id: string,
  exp: string | undefined,
  sig: string | undefined,
  nowS: number,
): boolean {
  if (!exp || !sig || !/^\d{1,12}$/.test(exp)) return false;
  const e = Number(exp);
  if (e < nowS) return false;
  const want = Buffer.from(mac(secret, id, e));
  const got = Buffer.from(sig);
  return want.length === got.length && timingSafeEqual(want, got);
}
