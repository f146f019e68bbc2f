// The frames the server pushes, with the seed's field names (seed sections 3, 4, 5, 8-11):
// each push's type and its builder.
import type { MessageItem } from "./items";

const now = () => Math.floor(Date.now() / 1000);

/** An agent logged in or out. */
export type PresencePush = {
  code: 0;
  method: "login_push" | "logout_push";
  customer_id: number;
  customer_name: string;
  timestamp: number;
};

export type StatusPush = {
  code: 0;
  method: "set_customer_status_push";
  customer_id: number;
  customer_name: string;
  status: number;
};

/** wait_list_push and connect_list_push: a user's message, and who the user is. */
export type UserMessagePush = {
  code: 0;
  method: "wait_list_push" | "connect_list_push";
  userid: string;
  head_img: string;
  nickname: string;
  timestamp: number;
  user_query: MessageItem[];
};

/** An agent took a waiting user. */
export type ConnectPush = { code: 0; method: "connect_push"; userid: string; customer_id: number };

export type DisconnectPush = {
  code: 0;
  method: "disconnect_push";
  userid: string;
  customer_id: number | null;
  reason?: string;
};

/** `customer_id` is absent when the user went back to the queue. */
export type TransferPush = {
  code: 0;
  method: "transfer_push";
  userid: string;
  from_customer_id: number;
  customer_id?: number;
  reason?: string;
};

export type NotePush = {
  code: 0;
  method: "note_push";
  userid: string;
  customer_id: number;
  text: string;
  timestamp: number;
};

export type Push =
  | PresencePush
  | StatusPush
  | UserMessagePush
  | ConnectPush
  | DisconnectPush
  | TransferPush
  | NotePush;

export type PushMethod = Push["method"];

/** Every push's `method`; a push type whose method is missing here fails to compile. */
const PUSH_METHOD_SET = {
  login_push: true,
  logout_push: true,
  set_customer_status_push: true,
  wait_list_push: true,
  connect_list_push: true,
  connect_push: true,
  disconnect_push: true,
  transfer_push: true,
  note_push: true,
} as const satisfies Record<PushMethod, true>;

export const PUSH_METHODS = Object.keys(PUSH_METHOD_SET) as PushMethod[];

export interface UserCard {
  userid: string;
  nickname: string;
  headImg: string;
}

export const push = {
  login: (a: { agentId: number; name: string }): PresencePush => ({
    code: 0,
    method: "login_push",
    customer_name: a.name,
    customer_id: a.agentId,
    timestamp: now(),
  }),
  logout: (a: { agentId: number; name: string }): PresencePush => ({
    code: 0,
    method: "logout_push",
    customer_id: a.agentId,
    customer_name: a.name,
    timestamp: now(),
  }),
  status: (a: { agentId: number; name: string; status: number }): StatusPush => ({
    code: 0,
    method: "set_customer_status_push",
    customer_id: a.agentId,
    customer_name: a.name,
    status: a.status,
  }),
  /** A user's message for the waiting list, or for the agent who holds the user. */
  userMessage: (
    method: UserMessagePush["method"],
    user: UserCard,
    items: MessageItem[],
  ): UserMessagePush => ({
    code: 0,
    method,
    userid: user.userid,
    head_img: user.headImg,
    nickname: user.nickname,
    timestamp: now(),
    user_query: items,
  }),
  connect: (userid: string, agentId: number): ConnectPush => ({
    code: 0,
    method: "connect_push",
    userid,
    customer_id: agentId,
  }),
  /** An agent ended the session, or (with a reason) the desk did. */
  disconnect: (userid: string, agentId: number | null, reason?: string): DisconnectPush => ({
    code: 0,
    method: "disconnect_push",
    userid,
    customer_id: agentId,
    ...(reason ? { reason } : {}),
  }),
  /** To a colleague, or (to null) back to the queue; with a reason when the desk did it. */
  transfer: (userid: string, from: number, to: number | null, reason?: string): TransferPush => ({
    code: 0,
    method: "transfer_push",
    userid,
    from_customer_id: from,
    ...(to === null ? {} : { customer_id: to }),
    ...(reason ? { reason } : {}),
  }),
  /** An agent's internal note on a user (issue 9), for the bot's other agents. */
  note: (userid: string, agentId: number, text: string, timestamp: number): NotePush => ({
    code: 0,
    method: "note_push",
    userid,
    customer_id: agentId,
    text,
    timestamp,
  }),
};
