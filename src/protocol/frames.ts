// The request frames of the agent protocol (seed sections 3-16), one zod schema per
// `method`, with the seed's field names. Unknown extra fields are ignored.
import { z } from "zod";
import { messageItems } from "../desk/items";
import { reportQuery } from "../ops/bot-report";

/** Ids are numbers on the wire; inputs also accept numeric strings ("customer_id": "1"). */
export const id = z.union([
  z.number().int().positive().max(Number.MAX_SAFE_INTEGER),
  z
    .string()
    .regex(/^[1-9]\d{0,15}$/, "expected a positive integer")
    .transform(Number),
]);

const small = (values: readonly number[]) =>
  z
    .union([z.number().int(), z.string().regex(/^\d$/).transform(Number)])
    .refine((n) => values.includes(n), `expected one of ${values.join(", ")}`);

export const userid = z.string().min(1).max(128);

/** A canned reply's short code, typed in the composer to find it ("/refund"). */
export const cannedCode = z.string().min(1).max(32).regex(/^\S+$/, "expected no spaces");

const flag = z
  .union([z.boolean(), z.literal(0), z.literal(1), z.literal("0"), z.literal("1")])
  .transform((v) => v === true || v === 1 || v === "1");

export const frames = {
  login: z.object({ token: z.string().min(1).max(512), force_online: flag.optional() }),
  logout: z.object({}),
  set_customer_status: z.object({ status: small([0, 1, 2, 3]) }),
  get_user_info: z.object({ userid }),
  set_auto_connect_status: z.object({ status: small([0, 1]) }),
  connect: z.object({ userid }),
  disconnect: z.object({ userid }),
  // With `group` (kefu's extension): back to that skill group's queue.
  transform: z.object({
    userid,
    customer_id: id.optional(),
    group: z.string().min(1).max(64).optional(),
  }),
  send_to_user: z.object({ userid, message: z.array(z.unknown()).min(1).max(100) }),
  get_wait_user_list: z.object({ bid: id.optional() }),
  get_current_session_list: z.object({ bid: id.optional(), customer_id: id.optional() }),
  get_chat_record: z.object({
    bid: id.optional(),
    customer_id: id.optional(),
    userid,
    page: z
      .union([z.number(), z.string().regex(/^\d+$/).transform(Number)])
      .pipe(z.number().int().min(1).max(1_000_000))
      .default(1),
    pagesize: z
      .union([z.number(), z.string().regex(/^\d+$/).transform(Number)])
      .pipe(z.number().int().min(1).max(100))
      .default(10),
  }),
  get_answer_from_ai: z.object({
    bid: id.optional(),
    customer_id: id.optional(),
    userid: userid.optional(),
    user_query: messageItems,
  }),
  // Issue 9: internal notes and canned replies.
  add_note: z.object({ userid, text: z.string().trim().min(1).max(8000) }),
  get_canned_replies: z.object({ code: z.string().max(32).default("") }),
  save_canned_reply: z.object({
    code: cannedCode,
    message: messageItems,
    shared: small([0, 1]).default(0),
  }),
  delete_canned_reply: z.object({ id }),
  // Issue 9: the skill groups to transfer to, and the reports for the console.
  get_group_list: z.object({}),
  get_reports: reportQuery(
    z
      .union([z.number(), z.string().regex(/^\d+$/).transform(Number)])
      .pipe(z.number().int().min(0).max(Number.MAX_SAFE_INTEGER)),
  ),
} as const;

export type Method = keyof typeof frames;
export type Params<M extends Method> = z.output<(typeof frames)[M]>;

export function isMethod(m: string): m is Method {
  return Object.hasOwn(frames, m);
}
