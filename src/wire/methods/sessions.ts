// connect, disconnect, transform, send_to_user (seed sections 8, 9, 10, 12): each request's
// fields and its reply's.
import { z } from "zod";
import { id, userid } from "../fields";
import { labelName } from "../labels";
import { sentId } from "../sent";

export const sessionRequests = {
  connect: z.object({ userid }),
  // With `close_reason` and `tags` (issue 17): from the bot's lists, carried by session_ended.
  disconnect: z.object({
    userid,
    close_reason: labelName.optional(),
    tags: z.array(labelName).max(20).optional(),
  }),
  // With `group` (kefu's extension): back to that skill group's queue.
  transform: z.object({
    userid,
    customer_id: id.optional(),
    group: z.string().min(1).max(64).optional(),
    // A hand-over note (issue 17): kept in the history as an internal note for the receiver.
    note: z.string().trim().min(1).max(1000).optional(),
  }),
  send_to_user: z.object({ userid, message: z.array(z.unknown()).min(1).max(100) }),
};

const count = z.number().int().min(0);

export const sessionResults = {
  connect: z.object({ userid: z.string() }),
  disconnect: z.object({ userid: z.string() }),
  transform: z.object({
    userid: z.string(),
    customer_id: sentId.optional(),
    group: z.string().optional(),
    /** The hand-over note as kept in the history, when one was given. */
    note: z.string().optional(),
  }),
  /** How many of the items were sent, and how many were not valid items. */
  send_to_user: z.object({
    userid: z.string(),
    data: z.object({ failure: count, success: count }),
  }),
};
