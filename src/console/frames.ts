// The frames the console reads, as the agent protocol sends them (seed sections 3-16 and
// CONTRACT.md): picked from the server's own result and push types (src/wire/), imported as
// types only, so none of the server is bundled into the page. The server's zod schemas
// validate what comes in; the page trusts the server it was served by and only names the
// fields it uses (it builds some of these itself, for what it has just sent).
import type { MessageItem } from "../wire/items";
import type {
  ChatRecordEntry,
  ListEntry as ListedUser,
  SuggestedAnswer,
} from "../wire/methods/lists";
import type { Colleague as LoggedIn } from "../wire/methods/presence";
import type {
  DisconnectPush,
  NotePush as NotePushFields,
  StatusPush,
  TransferPush,
  UserMessagePush as UserMessagePushFields,
} from "../wire/pushes";
import type { AgentReportRow, Figures, GroupReportRow } from "../wire/reports";
import type { RequestFrame, Result } from "../wire/requests";

export type { LabelReport } from "../wire/labels";
export type { GroupEntry } from "../wire/methods/groups";
export type { CannedEntry as CannedReply } from "../wire/methods/operations";
export type { PastSessionEntry, SearchHitEntry } from "../wire/methods/search";
export type { MessageItem };

/** A session action the buttons send (connect, disconnect, transform), before its `userid`. */
export type UserAction = RequestFrame extends infer F
  ? F extends { method: "connect" | "disconnect" | "transform" }
    ? Omit<F, "userid">
    : never
  : never;

/** Any frame from the server: a reply (with `msg`) or a push. */
export interface Reply {
  method: string;
  code: number;
  msg?: string;
  [field: string]: unknown;
}

/** A colleague as login lists them; the pushes that add one later carry no picture. */
export type Colleague = Omit<LoggedIn, "head_img"> & Partial<Pick<LoggedIn, "head_img">>;

export type LoginReply = Reply &
  Pick<Result<"login">, "customer_id" | "customer_name" | "bid" | "status" | "auto_connect"> & {
    customer_list: Colleague[];
  };

export type ListEntry = Pick<
  ListedUser,
  "userid" | "nickname" | "head_img" | "last_message" | "timestamp"
>;

export type ChatEntry = Pick<ChatRecordEntry, "create_time" | "from" | "customer_id" | "message">;

export type ChatRecord = Pick<Result<"get_chat_record">["data"], "total" | "page"> & {
  list_chat: ChatEntry[];
};

export type UserMessagePush = Reply & UserMessagePushFields;

/** The fields of the pushes that move users and agents, read after looking at `method`. */
export type Push = Reply &
  Partial<
    Pick<DisconnectPush, "userid" | "customer_id" | "reason"> &
      Pick<TransferPush, "from_customer_id"> &
      Pick<StatusPush, "customer_name" | "status">
  >;

/** get_user_info's data: the seed's fields and whatever else the bot keeps, as given. */
export type UserProfile = Result<"get_user_info">["data"];

/** note_push (issue 9): a colleague's internal note on a user. */
export type NotePush = Reply & NotePushFields;

/** get_reports's data: the same as GET /api/reports. */
export type Report = Result<"get_reports">["data"];

/** get_summary's data: a conversation summarised for the agent taking it over. */
export type { ConversationSummary } from "../wire/methods/assistant";
export type { AgentReportRow, Figures, GroupReportRow };

/** get_answer_from_ai's data: the seed's items run together, and each answer apart. */
export type AnswerData = Partial<Result<"get_answer_from_ai">["data"]>;
export type { SuggestedAnswer };
