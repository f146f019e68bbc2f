// add_note, get_canned_replies, save_canned_reply, delete_canned_reply (issue 9): methods
// kefu adds beside the seed's; each request's fields and its reply's.
import { z } from "zod";
import { cannedCode, id, small, userid } from "../fields";
import { messageItem, messageItems } from "../items";
import { sentId, unixTime } from "../sent";

export const operationRequests = {
  add_note: z.object({ userid, text: z.string().trim().min(1).max(8000) }),
  get_canned_replies: z.object({ code: z.string().max(32).default("") }),
  save_canned_reply: z.object({
    code: cannedCode,
    message: messageItems,
    shared: small([0, 1]).default(0),
  }),
  delete_canned_reply: z.object({ id }),
};

/** A canned reply: `shared` (1) for the whole bot, else the agent `customer_id`'s own. */
const cannedEntry = z.object({
  id: sentId,
  code: z.string(),
  message: z.array(messageItem),
  shared: z.literal([0, 1]),
  customer_id: sentId.nullable(),
  create_time: unixTime,
});

export type CannedEntry = z.output<typeof cannedEntry>;

export const operationResults = {
  add_note: z.object({ userid: z.string(), customer_id: sentId, timestamp: unixTime }),
  get_canned_replies: z.object({ data: z.object({ list: z.array(cannedEntry) }) }),
  save_canned_reply: z.object({ data: cannedEntry }),
  delete_canned_reply: z.object({ id: sentId }),
};
