// get_user_info, get_wait_user_list, get_current_session_list, get_chat_record,
// get_answer_from_ai (seed sections 6, 13, 14, 15, 16): each request's fields and its reply's.
import { z } from "zod";
import { digits, id, userid } from "../fields";
import { type MessageItem, messageItems } from "../items";
import type { UserInfo } from "../profile";

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
export type ListEntry = {
  userid: string;
  head_img: string;
  nickname: string;
  last_message: MessageItem[];
  session_id: number;
  /** When the user started waiting, or was assigned (Unix seconds). */
  timestamp: number;
  customer_id?: number;
};

/** One item of a user's history; `customer_id` is the agent who sent it, if one did. */
export type ChatRecordEntry = {
  create_time: number;
  is_robot: 0 | 1;
  from: "user" | "agent" | "robot" | "note";
  customer_id: number | null;
  message: MessageItem;
};

/** One suggested answer: a knowledge-base entry (curated or learned) or an LLM's draft. */
export type SuggestedAnswer = {
  /** The entry's id; null for an LLM's draft. */
  id: number | null;
  source: "kb" | "learned" | "llm";
  message: MessageItem[];
};

export interface ListResults {
  get_user_info: { data: UserInfo };
  get_wait_user_list: { data: { user_list: ListEntry[] } };
  get_current_session_list: { customer_id: number; data: { user_list: ListEntry[] } };
  get_chat_record: {
    data: { total: number; page: number; pagesize: number; list_chat: ChatRecordEntry[] };
  };
  /** message_list (the seed's) runs the answers together; answers keeps them apart. */
  get_answer_from_ai: { data: { message_list: MessageItem[]; answers?: SuggestedAnswer[] } };
}
