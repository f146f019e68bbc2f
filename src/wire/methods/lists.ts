// get_user_info, get_wait_user_list, get_current_session_list, get_chat_record,
// get_answer_from_ai (seed sections 6, 13, 14, 15, 16): each request's fields and its reply's.
import { z } from "zod";
import { digits, id, userid } from "../fields";
import { messageItem, messageItems } from "../items";
import { userInfo } from "../profile";
import { sentId, unixTime } from "../sent";

export const listRequests = {
  get_user_info: z.object({ userid }),
  get_wait_user_list: z.object({ bid: id.optional() }),
  get_current_session_list: z.object({ bid: id.optional(), customer_id: id.optional() }),
  get_chat_record: z.object({
    bid: id.optional(),
    customer_id: id.optional(),
    userid,
    page: digits(z.number().int().min(1).max(1_000_000)).default(1),
    pagesize: digits(z.number().int().min(1).max(100)).default(10),
  }),
  get_answer_from_ai: z.object({
    bid: id.optional(),
    customer_id: id.optional(),
    userid: userid.optional(),
    user_query: messageItems,
  }),
};

/** A user in the waiting list or in an agent's sessions; `customer_id` once assigned. */
const listEntry = z.object({
  userid: z.string(),
  head_img: z.string(),
  nickname: z.string(),
  last_message: z.array(messageItem),
  session_id: sentId,
  /** When the user started waiting, or was assigned. */
  timestamp: unixTime,
  customer_id: sentId.optional(),
});

export type ListEntry = z.output<typeof listEntry>;

/** One item of a user's history; `customer_id` is the agent who sent it, if one did. */
const chatRecordEntry = z.object({
  create_time: unixTime,
  is_robot: z.literal([0, 1]),
  from: z.enum(["user", "agent", "robot", "note"]),
  customer_id: sentId.nullable(),
  message: messageItem,
});

export type ChatRecordEntry = z.output<typeof chatRecordEntry>;

/** One suggested answer: a knowledge-base entry (curated or learned) or an LLM's draft. */
const suggestedAnswer = z.object({
  /** The entry's id; null for an LLM's draft. */
  id: sentId.nullable(),
  source: z.enum(["kb", "learned", "llm"]),
  message: z.array(messageItem),
  /** An LLM's draft only: the ids of the entries (among the others suggested) it is based on. */
  cites: z.array(sentId).optional(),
});

export type SuggestedAnswer = z.output<typeof suggestedAnswer>;

const userList = z.object({ user_list: z.array(listEntry) });
const count = z.number().int().min(0);

export const listResults = {
  get_user_info: z.object({ data: userInfo }),
  get_wait_user_list: z.object({ data: userList }),
  get_current_session_list: z.object({ customer_id: sentId, data: userList }),
  get_chat_record: z.object({
    data: z.object({
      total: count,
      page: count,
      pagesize: count,
      list_chat: z.array(chatRecordEntry),
    }),
  }),
  /** message_list (the seed's) runs the answers together; answers keeps them apart. */
  get_answer_from_ai: z.object({
    data: z.object({
      message_list: z.array(messageItem),
      answers: z.array(suggestedAnswer).optional(),
    }),
  }),
};
