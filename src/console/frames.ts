// The frames the console reads, as the agent protocol sends them (seed sections 3-16 and
// CONTRACT.md). The server's own zod schemas validate what comes in; the page trusts the
// server it was served by and only names the fields it uses.
import type { SuggestedAnswer } from "../assistant/assistant";
import type { AgentReportRow, BotReport, GroupReportRow } from "../ops/bot-report";
import type { Figures } from "../ops/report";
import type { MessageItem } from "../store/store";

export type { MessageItem };

export interface Reply {
  method: string;
  code: number;
  msg?: string;
  [field: string]: unknown;
}

export interface Colleague {
  customer_id: number;
  customer_name: string;
  head_img?: string;
  status: number;
}

export interface LoginReply extends Reply {
  customer_id: number;
  customer_name: string;
  bid: number;
  status: number;
  auto_connect: number;
  customer_list: Colleague[];
}

export interface ListEntry {
  userid: string;
  nickname: string;
  head_img: string;
  last_message: MessageItem[];
  timestamp: number;
}

export interface ChatEntry {
  create_time: number;
  from: "user" | "agent" | "robot" | "note";
  customer_id: number | null;
  message: MessageItem;
}

export interface ChatRecord {
  total: number;
  page: number;
  list_chat: ChatEntry[];
}

/** wait_list_push and connect_list_push. */
export interface UserMessagePush extends Reply {
  userid: string;
  nickname: string;
  head_img: string;
  timestamp: number;
  user_query: MessageItem[];
}

export interface Push extends Reply {
  userid?: string;
  customer_id?: number | null;
  from_customer_id?: number;
  customer_name?: string;
  status?: number;
  reason?: string;
}

/** get_user_info's data: the seed's fields and whatever else the bot keeps, as given. */
export type UserProfile = Record<string, unknown>;

/** note_push (issue 9): a colleague's internal note on a user. */
export interface NotePush extends Reply {
  userid: string;
  customer_id: number;
  text: string;
  timestamp: number;
}

/** An entry of get_canned_replies. */
export interface CannedReply {
  id: number;
  code: string;
  message: MessageItem[];
  shared: 0 | 1;
  customer_id: number | null;
}

/** An entry of get_group_list. */
export interface GroupEntry {
  group_id: number;
  name: string;
  members: number[];
}

/** get_reports's data: the same as GET /api/reports. */
export type Report = Omit<BotReport, "rows"> & { rows: (AgentReportRow | GroupReportRow)[] };
export type { AgentReportRow, Figures, GroupReportRow };

/** get_answer_from_ai's data: the seed's items run together, and each answer apart. */
export interface AnswerData {
  message_list?: MessageItem[];
  answers?: SuggestedAnswer[];
}
export type { SuggestedAnswer };
