// TOTP second factor (RFC 6238 over RFC 4226's HOTP): HMAC-SHA1, 6 digits, 30 s steps, the
// code of the step before and after accepted for clock drift. Written here over node:crypto
// rather than pulled in as a package: it is these thirty lines, checked against the RFC's
// own test vectors (totp.test.ts), and kefu's lockfile stays as it is.
import { createHmac, randomBytes, timingSafeEqual } from "node:crypto";

const ALPHABET = "ABCDEFGHIJKLMNOPQRSTUVWXYZ234567";
const STEP_S = 30;

export function base32Encode(bytes: Uint8Array): string {
  let bits = 0;
  let value = 0;
  let out = "";
  for (const byte of bytes) {
    value = (value << 8) | byte;
    bits += 8;
    while (bits >= 5) {
      out += ALPHABET[(value >>> (bits - 5)) & 31];
      bits -= 5;
    }
  }
  if (bits > 0) out += ALPHABET[(value << (5 - bits)) & 31];
  return out;
}

/** null if `text` is not base32 (spaces and case are forgiven, as apps show them). */
export function base32Decode(text: string): Uint8Array | null {
  const clean = text.replace(/[\s=]/g, "").toUpperCase();
  let bits = 0;
  let value = 0;
  const out: number[] = [];
  for (const ch of clean) {
    const i = ALPHABET.indexOf(ch);
    if (i < 0) return null;
    value = (value << 5) | i;
    bits += 5;
    if (bits >= 8) {
      out.push((value >>> (bits - 8)) & 255);
      bits -= 8;
    }
  }
  return new Uint8Array(out);
}

/** RFC 4226's HOTP value of `counter`, `digits` long. */
export function hotp(key: Uint8Array, counter: number, digits = 6): string {
  const msg = Buffer.alloc(8);
  msg.writeBigUInt64BE(BigInt(counter));
  const mac = createHmac("sha1", key).update(msg).digest();
  const offset = (mac[mac.length - 1] ?? 0) & 15;
  const code = mac.readUInt32BE(offset) & 0x7fffffff;
  return String(code % 10 ** digits).padStart(digits, "0");
}

/** A new 160-bit secret, base32, as authenticator apps take it. */
export function newTotpSecret(): string {
  return base32Encode(randomBytes(20));
}

/** The `otpauth://` address an authenticator app scans. */
export function totpUri(secret: string, account: string, issuer = "kefu"): string {
  const label = encodeURIComponent(`${issuer}:${account}`);
  return `otpauth://totp/${label}?secret=${secret}&issuer=${encodeURIComponent(issuer)}`;
}

/** Whether `code` is the secret's code at `nowMs`, or one step either side. */
export function totpMatches(secret: string, code: string, nowMs: number): boolean {
  const key = base32Decode(secret);
  if (!key || !/^\d{6}$/.test(code)) return false;
  const step = Math.floor(nowMs / 1000 / STEP_S);
  let ok = false;
  for (const s of [step - 1, step, step + 1]) {
    // Every candidate compared, in constant time: the answer's timing says nothing.
    if (timingSafeEqual(Buffer.from(hotp(key, s)), Buffer.from(code))) ok = true;
  }
  return ok;
}
