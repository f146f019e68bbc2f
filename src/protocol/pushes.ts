// The frames the server pushes, with the seed's field names (seed sections 3, 4, 5, 8-11).
import type { Frame } from "../desk/hub";
import type { MessageItem } from "../store/store";

const now = () => Math.floor(Date.now() / 1000);

/** Every push's `method`: a push builder below with any other is a compile error. */
export const PUSH_METHODS = [
  "login_push",
  "logout_push",
  "set_customer_status_push",
  "wait_list_push",
  "connect_list_push",
  "connect_push",
  "disconnect_push",
  "transfer_push",
  "note_push",
] as const;

type Push = Frame & { method: (typeof PUSH_METHODS)[number] };

export interface UserCard {
  userid: string;
  nickname: string;
  headImg: string;
}

export const push = {
  login: (a: { agentId: number; name: string }): Push => ({
    code: 0,
    method: "login_push",
    customer_name: a.name,
    customer_id: a.agentId,
    timestamp: now(),
  }),
  logout: (a: { agentId: number; name: string }): Push => ({
    code: 0,
    method: "logout_push",
    customer_id: a.agentId,
    customer_name: a.name,
    timestamp: now(),
  }),
  status: (a: { agentId: number; name: string; status: number }): Push => ({
    code: 0,
    method: "set_customer_status_push",
    customer_id: a.agentId,
    customer_name: a.name,
    status: a.status,
  }),
  /** A user's message for the waiting list, or for the agent who holds the user. */
  userMessage: (
    method: "wait_list_push" | "connect_list_push",
    user: UserCard,
    items: MessageItem[],
  ): Push => ({
    code: 0,
    method,
    userid: user.userid,
    head_img: user.headImg,
    nickname: user.nickname,
    timestamp: now(),
    user_query: items,
  }),
  connect: (userid: string, agentId: number): Push => ({
    code: 0,
    method: "connect_push",
    userid,
    customer_id: agentId,
  }),
  /** An agent ended the session, or (with a reason) the desk did. */
  disconnect: (userid: string, agentId: number | null, reason?: string): Push => ({
    code: 0,
    method: "disconnect_push",
    userid,
    customer_id: agentId,
    ...(reason ? { reason } : {}),
  }),
  /** To a colleague, or (to null) back to the queue; with a reason when the desk did it. */
  transfer: (userid: string, from: number, to: number | null, reason?: string): Push => ({
    code: 0,
    method: "transfer_push",
    userid,
    from_customer_id: from,
    ...(to === null ? {} : { customer_id: to }),
    ...(reason ? { reason } : {}),
  }),
  /** An agent's internal note on a user (issue 9), for the bot's other agents. */
  note: (userid: string, agentId: number, text: string, timestamp: number): Push => ({
    code: 0,
    method: "note_push",
    userid,
    customer_id: agentId,
    text,
    timestamp,
  }),
};
