// RFC 6238 Appendix B (SHA-1 rows) and RFC 4226 Appendix D: the reference values.
import { expect, test } from "bun:test";
import { base32Decode, base32Encode, hotp, newTotpSecret, totpMatches } from "./totp";

const RFC_KEY = new TextEncoder().encode("12345678901234567890");

test("HOTP gives RFC 4226's values for counters 0..9", () => {
  const expected = [
    "755224",
    "287082",
    "359152",
    "969429",
    "338314",
    "254676",
    "287922",
    "162583",
    "399871",
    "520489",
  ];
  expect(expected.map((_, i) => hotp(RFC_KEY, i))).toEqual(expected);
});

test("TOTP gives RFC 6238's 8-digit SHA-1 values", () => {
  const rows: [number, string][] = [
    [59, "94287082"],
    [1111111109, "07081804"],
    [1111111111, "14050471"],
    [1234567890, "89005924"],
    [2000000000, "69279037"],
    [20000000000, "65353130"],
  ];
  for (const [t, code] of rows) expect(hotp(RFC_KEY, Math.floor(t / 30), 8)).toBe(code);
});

test("a code matches at its step and one step either side, not two", () => {
  const secret = base32Encode(RFC_KEY);
  const at = 1111111111 * 1000;
  const code = hotp(RFC_KEY, Math.floor(1111111111 / 30));
  expect(totpMatches(secret, code, at)).toBe(true);
  expect(totpMatches(secret, code, at + 30_000)).toBe(true);
  expect(totpMatches(secret, code, at - 30_000)).toBe(true);
  expect(totpMatches(secret, code, at + 60_000)).toBe(false);
  expect(totpMatches(secret, "12345", at)).toBe(false);
  expect(totpMatches(secret, "abcdef", at)).toBe(false);
});

test("base32 round-trips and refuses what is not base32", () => {
  const secret = newTotpSecret();
  expect(secret).toMatch(/^[A-Z2-7]{32}$/);
  expect(base32Encode(base32Decode(secret) ?? new Uint8Array())).toBe(secret);
  expect(base32Decode("GEZDGNBV GY3TQOJQ")).toEqual(new TextEncoder().encode("1234567890"));
  expect(base32Decode("not-base32!")).toBeNull();
});
