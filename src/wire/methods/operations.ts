// add_note, get_canned_replies, save_canned_reply, delete_canned_reply (issue 9): methods
// kefu adds beside the seed's; each request's fields and its reply's.
import { z } from "zod";
import { cannedCode, id, small, userid } from "../fields";
import { type MessageItem, messageItems } from "../items";

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
export type CannedEntry = {
  id: number;
  code: string;
  message: MessageItem[];
  shared: 0 | 1;
  customer_id: number | null;
  create_time: number;
};

export interface OperationResults {
  add_note: { userid: string; customer_id: number; timestamp: number };
  get_canned_replies: { data: { list: CannedEntry[] } };
  save_canned_reply: { data: CannedEntry };
  delete_canned_reply: { id: number };
}
