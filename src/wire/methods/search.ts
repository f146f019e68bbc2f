// search_messages and get_user_sessions (issue 17): full-text search over the bot's
// conversations, and a user's earlier sessions; each request's fields and its reply's.
import { z } from "zod";
import { digits, id, userid } from "../fields";
import { messageItem } from "../items";
import { sentId, unixTime } from "../sent";

const time = digits(z.number().int().min(0).max(1e11));
const limit = digits(z.number().int().min(1).max(100));

export const searchRequests = {
  search_messages: z.object({
    /** Words, Chinese or English, all of which a message must hold. */
    query: z.string().max(200).default(""),
    userid: userid.optional(),
    /** Sessions this agent served. */
    customer_id: id.optional(),
    tag: z.string().min(1).max(64).optional(),
    /** Unix seconds, inclusive. */
    from: time.optional(),
    to: time.optional(),
    limit: limit.default(20),
  }),
  get_user_sessions: z.object({ userid, limit: limit.default(20) }),
};

const hit = z.object({
  userid: z.string(),
  session_id: sentId.nullable(),
  from: z.enum(["user", "agent", "robot", "note"]),
  customer_id: sentId.nullable(),
  create_time: unixTime,
  message: messageItem,
  /** How many of the user's messages are newer: the hit's place in get_chat_record. */
  newer: z.number().int().min(0),
});

export type SearchHitEntry = z.output<typeof hit>;

const pastSession = z.object({
  session_id: sentId,
  state: z.enum(["waiting", "active", "ended"]),
  customer_id: sentId.nullable(),
  start_time: unixTime,
  end_time: unixTime.nullable(),
  end_reason: z.string().nullable(),
});

export type PastSessionEntry = z.output<typeof pastSession>;

export const searchResults = {
  search_messages: z.object({ data: z.object({ list: z.array(hit) }) }),
  get_user_sessions: z.object({ data: z.object({ list: z.array(pastSession) }) }),
};
