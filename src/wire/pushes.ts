// The frames the server pushes, with the seed's field names (seed sections 3, 4, 5, 8-11):
// each push's schema, its type derived from it, and its builder.
import { z } from "zod";
import { type MessageItem, messageItem } from "./items";
import { type Board, board } from "./methods/board";
import { agentStatus, sentId, unixTime } from "./sent";

const now = () => Math.floor(Date.now() / 1000);

const head = <M extends string>(method: M) => ({ code: z.literal(0), method: z.literal(method) });

const presence = <M extends string>(method: M) =>
  z.object({
    ...head(method),
    customer_id: sentId,
    customer_name: z.string(),
    timestamp: unixTime,
  });

const userMessage = <M extends string>(method: M) =>
  z.object({
    ...head(method),
    userid: z.string(),
    head_img: z.string(),
    nickname: z.string(),
    timestamp: unixTime,
    user_query: z.array(messageItem),
  });

/** Why the desk itself moved a user (a deadline, an agent gone), absent when an agent did. */
const reason = z.string().optional();

/** Every push, by its `method`. */
export const pushes = {
  login_push: presence("login_push"),
  logout_push: presence("logout_push"),
  set_customer_status_push: z.object({
    ...head("set_customer_status_push"),
    customer_id: sentId,
    customer_name: z.string(),
    status: agentStatus,
  }),
  wait_list_push: userMessage("wait_list_push"),
  connect_list_push: userMessage("connect_list_push"),
  /** An agent took a waiting user. */
  connect_push: z.object({ ...head("connect_push"), userid: z.string(), customer_id: sentId }),
  disconnect_push: z.object({
    ...head("disconnect_push"),
    userid: z.string(),
    customer_id: sentId.nullable(),
    reason,
  }),
  /** `customer_id` is absent when the user went back to the queue. */
  transfer_push: z.object({
    ...head("transfer_push"),
    userid: z.string(),
    from_customer_id: sentId,
    customer_id: sentId.optional(),
    reason,
  }),
  /** An agent's internal note on a user (issue 9), for the bot's other agents. */
  note_push: z.object({
    ...head("note_push"),
    userid: z.string(),
    customer_id: sentId,
    text: z.string(),
    timestamp: unixTime,
  }),
  /** The user started (1) or stopped (0) writing, as the bot says (issue 17). */
  user_typing_push: z.object({
    ...head("user_typing_push"),
    userid: z.string(),
    typing: z.literal([0, 1]),
    timestamp: unixTime,
  }),
  /** The user has read the agents' messages up to `read_to` (Unix seconds), as the bot says. */
  user_read_push: z.object({
    ...head("user_read_push"),
    userid: z.string(),
    read_to: unixTime,
    timestamp: unixTime,
  }),
  /** The live board again, after a change of the bot's sessions or agents (issue 16). */
  board_push: z.object({ ...head("board_push"), data: board }),
  /** A supervisor took over, reassigned or ended one of this agent's sessions. */
  supervisor_push: z.object({
    ...head("supervisor_push"),
    action: z.enum(["take_over", "reassign", "end_session"]),
    userid: z.string(),
    customer_id: sentId.describe("the supervisor"),
    to_customer_id: sentId.nullable().describe("who has the user now; null: ended"),
  }),
};

type Pushes = { [M in keyof typeof pushes]: z.output<(typeof pushes)[M]> };

/** An agent logged in or out. */
export type PresencePush = Pushes["login_push" | "logout_push"];
export type StatusPush = Pushes["set_customer_status_push"];
/** wait_list_push and connect_list_push: a user's message, and who the user is. */
export type UserMessagePush = Pushes["wait_list_push" | "connect_list_push"];
export type ConnectPush = Pushes["connect_push"];
export type DisconnectPush = Pushes["disconnect_push"];
export type TransferPush = Pushes["transfer_push"];
export type NotePush = Pushes["note_push"];
export type UserTypingPush = Pushes["user_typing_push"];
export type UserReadPush = Pushes["user_read_push"];
export type BoardPush = Pushes["board_push"];
export type SupervisorPush = Pushes["supervisor_push"];

export type Push = Pushes[keyof Pushes];

export type PushMethod = Push["method"];

export const PUSH_METHODS = Object.keys(pushes) as PushMethod[];

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
  userTyping: (userid: string, typing: boolean): UserTypingPush => ({
    code: 0,
    method: "user_typing_push",
    userid,
    typing: typing ? 1 : 0,
    timestamp: now(),
  }),
  userRead: (userid: string, readTo: number): UserReadPush => ({
    code: 0,
    method: "user_read_push",
    userid,
    read_to: readTo,
    timestamp: now(),
  }),
  board: (data: Board): BoardPush => ({ code: 0, method: "board_push", data }),
  supervisor: (
    action: SupervisorPush["action"],
    userid: string,
    supervisorId: number,
    to: number | null,
  ): SupervisorPush => ({
    code: 0,
    method: "supervisor_push",
    action,
    userid,
    customer_id: supervisorId,
    to_customer_id: to,
  }),
};
