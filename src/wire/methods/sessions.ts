// connect, disconnect, transform, send_to_user (seed sections 8, 9, 10, 12): each request's
// fields and its reply's.
import { z } from "zod";
import { id, userid } from "../fields";

export const sessionRequests = {
  connect: z.object({ userid }),
  disconnect: z.object({ userid }),
  // With `group` (kefu's extension): back to that skill group's queue.
  transform: z.object({
    userid,
    customer_id: id.optional(),
    group: z.string().min(1).max(64).optional(),
  }),
  send_to_user: z.object({ userid, message: z.array(z.unknown()).min(1).max(100) }),
};

export interface SessionResults {
  connect: { userid: string };
  disconnect: { userid: string };
  transform: { userid: string; customer_id?: number; group?: string };
  /** How many of the items were sent, and how many were not valid items. */
  send_to_user: { userid: string; data: { failure: number; success: number } };
}
