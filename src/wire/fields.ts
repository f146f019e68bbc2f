// Field schemas that the HTTP API and the agent protocol share, so a field named the same
// is checked the same on both.
import { z } from "zod";

/** Ids are numbers on the wire; inputs also accept numeric strings ("customer_id": "1"). */
export const id = z.union([
  z.number().int().positive().max(Number.MAX_SAFE_INTEGER),
  z
    .string()
    .regex(/^[1-9]\d{0,15}$/, "expected a positive integer")
    .transform(Number),
]);

export const userid = z.string().min(1).max(128);

/** A canned reply's short code, typed in the composer to find it ("/refund"). */
export const cannedCode = z.string().min(1).max(32).regex(/^\S+$/, "expected no spaces");

/** A small number from a fixed set; frames may send it as a one-digit string ("1"). */
export const small = (values: readonly number[]) =>
  z
    .union([z.number().int(), z.string().regex(/^\d$/).transform(Number)])
    .refine((n) => values.includes(n), `expected one of ${values.join(", ")}`);

/** A yes/no that frames send as a boolean, 0/1 or "0"/"1". */
export const flag = z
  .union([z.boolean(), z.literal(0), z.literal(1), z.literal("0"), z.literal("1")])
  .transform((v) => v === true || v === 1 || v === "1");

/** A number that frames may send as a string of digits, bounded by `range`. */
export const digits = (range: z.ZodNumber) =>
  z.union([z.number(), z.string().regex(/^\d+$/).transform(Number)]).pipe(range);
