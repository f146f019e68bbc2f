// The words of the AsyncAPI document (document.ts): what each request and push is for, the
// login flow, the error and close codes. Keyed by the tables they describe, so a method,
// push or close code without its words fails to compile. docs/protocol.md says the same at
// length.
import { CLOSE, ERRORS, type ErrorName } from "../errors";
import type { PushMethod } from "../wire/pushes";
import type { Method } from "../wire/requests";

export const METHOD_SUMMARY: Record<Method, string> = {
  login:
    "Log in with the agent's token, or a console session from a password login; makes the agent online (status 1).",
  logout: "Log out; the connection is then closed with 1000.",
  set_customer_status: "Set the agent's status: 0 offline, 1 online, 2 busy, 3 away.",
  get_user_info: "A user's profile, as the bot backend sent it.",
  set_auto_connect_status: "Turn automatic assignment of waiting users on (1) or off (0).",
  connect: "Take a waiting user.",
  disconnect: "End the agent's active session with a user.",
  transform:
    "Give a user back to the waiting queue (`userid`, optionally a skill `group`) or hand it to a colleague (`customer_id`).",
  send_to_user:
    "Send message items to a user of an active session; each invalid item is counted in `data.failure`.",
  get_wait_user_list: "The bot's waiting users, oldest first.",
  get_current_session_list: "An agent's active sessions (default the caller), newest first.",
  get_chat_record: "A page of a user's messages in the bot, newest first.",
  get_answer_from_ai: "Suggested answers to a user's question.",
  add_note: "Add an internal note on a user; the bot's other agents get `note_push`.",
  get_canned_replies: "The canned replies the agent may use, optionally by code prefix.",
  save_canned_reply: "Create or replace a canned reply (the agent's own, or `shared` by the bot).",
  delete_canned_reply: "Delete a canned reply.",
  get_group_list: "The bot's skill groups and their members.",
  get_reports: "The bot's figures per agent or per group, as `GET /api/reports`.",
  get_summary:
    "A short summary of a user's last conversation: before the agent's first reply (`handoff`) or all of it (`transfer`); written by the LLM when one is configured, else extracted.",
  get_kb_missed:
    "The questions the knowledge base missed (agents replied with none of the suggestions), grouped by like question, newest first, with an agent's reply as a draft.",
  send_typing:
    "The agent is writing to a user (`typing` 1) or stopped (0): the bot gets `agent_typing`, at most once per `KEFU_TYPING_EVERY_MS` while it lasts.",
  mark_read:
    "The agent has read the user's messages up to `read_to` (Unix seconds): the bot gets `agent_read` when it moves forward.",
  search_messages:
    "Full-text search over the bot's conversations (words in Chinese or English, segmented as the knowledge base), narrowed by `userid`, `customer_id`, `tag` and time; newest first. Any one criterion will do: without words or a `userid`, a `tag` or `customer_id` gives one hit per matching conversation (its newest message), a time window alone the messages said in it.",
  get_user_sessions: "A user's sessions, newest first: the earlier conversations and the open one.",
  get_labels: "The bot's lists of tags and close reasons.",
  save_label: "Add a tag or a close reason to the bot's list (`created` 0: it was there).",
  delete_label: "Remove a tag or a close reason from the bot's list; sessions keep theirs.",
  tag_session:
    "Set the tags of the caller's session with a user; each must be in the bot's list (else 400).",
  get_label_report:
    "Sessions that ended in a range, counted by tag and by close reason (as `GET /api/reports/labels`).",
  board_list:
    "Supervisors: the live board (every waiting and active session, each agent's load); `board_push` follows every change.",
  whisper:
    "Supervisors: a note on a user's conversation for the bot's agents, never the user or the bot; they get `note_push`.",
  take_over:
    "Supervisors: become the agent of a user's active session; the agent who had it gets `supervisor_push`.",
  reassign:
    "Supervisors: hand a user's active session to another online agent; the agent who had it gets `supervisor_push`.",
  end_session:
    "Supervisors: end a user's active session; the agent who had it gets `supervisor_push`.",
};

export const PUSH_SUMMARY: Record<PushMethod, string> = {
  login_push: "A colleague logged in.",
  logout_push: "A colleague's last connection closed.",
  set_customer_status_push: "A colleague changed status.",
  wait_list_push: "A waiting user wrote, or a user joined the waiting queue.",
  connect_list_push:
    "A user of one of the agent's sessions wrote, or a user was given to the agent.",
  connect_push: "A colleague took a waiting user.",
  disconnect_push: "A session ended; `reason` when the desk ended it.",
  transfer_push:
    "A user left an agent: back to the queue, or (with `customer_id`) to a colleague; `reason` when the desk moved it.",
  note_push: "A colleague added an internal note on a user.",
  user_typing_push:
    "The bot says the user of one of the agent's sessions is typing (1) or stopped (0).",
  user_read_push: "The bot says the user has read the agents' messages up to `read_to`.",
  board_push:
    "Supervisors who asked for the board: it again, after a change of sessions or agents.",
  supervisor_push: "A supervisor took over, reassigned or ended one of the agent's sessions.",
};

/** The codes a reply to a request may carry (492 is not a reply: it comes unasked). */
export const REPLY_ERRORS = [
  "badRequest",
  "unauthorized",
  "forbidden",
  "notFound",
  "conflict",
  "tooMany",
  "invalidToken",
  "loggedInElsewhere",
  "internal",
] as const satisfies readonly ErrorName[];

const ERROR_WHEN: Record<(typeof REPLY_ERRORS)[number] | "kicked", string> = {
  badRequest: "not JSON, not an object, unknown `method`, a field missing or of the wrong type",
  unauthorized: "any method but `login` before a successful login",
  forbidden: "a `bid` or `customer_id` of another bot",
  notFound: "no such user, session or agent in this bot",
  conflict:
    "the user is held by another agent; the target agent is offline; this connection is already logged in",
  tooMany:
    "over the rate limit (a steady 20 frames/s, bursts of 50, are always accepted): wait and retry",
  invalidToken: "`login` with a wrong token; the connection stays open",
  loggedInElsewhere: "`login` while the agent is logged in elsewhere, without `force_online`",
  kicked:
    'sent unasked (as `method: "login"`) to the old connection when another logs in with `force_online`',
  internal:
    "a bug in kefu, for that frame only; the connection stays up and nothing half-written remains",
};

const CLOSE_WHEN: Record<keyof typeof CLOSE, string> = {
  normal: "after the reply to `logout`",
  goingAway: "kefu stops (SIGTERM/SIGINT), after finishing the frames already received",
  notServing:
    "a node of several lost its database lease or its bus: reconnect (the load balancer picks a node that serves)",
  tooBig: "a frame over `KEFU_MAX_FRAME_BYTES` (default 65536 bytes)",
  heartbeatTimeout: "silent for `KEFU_HEARTBEAT_MISSES` heartbeat intervals",
  loginTimeout: "not logged in within `KEFU_LOGIN_TIMEOUT_S` (default 30 s)",
  replaced: "replaced by a `force_online` login (after the 492 frame)",
  tooManyFailedLogins: "the 5th wrong token on this connection",
  tokenRevoked: "the agent's token was rotated; log in again with the new one",
};

const table = (head: string, rows: string[]) => [head, "| --- | --- | --- |", ...rows].join("\n");

export const errorCodesText = table("| code | `msg` by default | when |", [
  ...[...REPLY_ERRORS, "kicked" as const].map(
    (name) => `| ${ERRORS[name].code} | ${ERRORS[name].msg} | ${ERROR_WHEN[name]} |`,
  ),
]);

export const closeCodesText = table(
  "| close code | name | when |",
  (Object.keys(CLOSE) as (keyof typeof CLOSE)[]).map(
    (name) => `| ${CLOSE[name]} | ${name} | ${CLOSE_WHEN[name]} |`,
  ),
);

export const OVERVIEW = `The protocol an agent client (a desk console, an app, a bot acting as an agent) speaks to kefu over one WebSocket. This document is written from the client's side: it sends requests and receives their replies and the server's pushes. The readable guide is docs/protocol.md.

**Frames.** Every frame is a JSON text frame but the heartbeat, the bare text \`beat\`. A request carries \`method\`; its reply carries the same \`method\`, \`code\` (0 = success) and \`msg\` (\`"ok"\` on success, the reason otherwise), and on success the method's fields. A connection's requests are answered one at a time, in the order they came; a reply has no other correlation than its \`method\` and that order. A push carries \`code: 0\` and a \`method\` ending in \`_push\`, unasked; one caused by a request may arrive just before its reply. The bot backend may also send frames of its own (\`relayed\`). Payload schemas are JSON Schema draft-07 (AsyncAPI's default schema format), generated from the zod schemas that check the frames. Unknown fields in a request are ignored; replies and pushes carry exactly the fields described here, but a later version may add some, so clients should ignore fields they do not know. Ids are numbers in what kefu sends; requests may also write them as numeric strings.

**Login.** Connect to \`/ws\` (or \`/\`) and send \`login\` with the agent's token (\`kft_...\`, from \`kefu agent create\`/\`kefu agent token\` or the bot backend's \`/api/customer/create\`/\`/api/customer/token\`) within \`KEFU_LOGIN_TIMEOUT_S\` (30 s), or the connection is closed with 4001. Before a successful login every other method answers 401. A wrong token answers 440 and the connection stays open; each failure waits longer before answering, and the 5th closes the connection with 4003. If the agent is logged in on another connection, \`login\` answers 490 unless it sends \`force_online: 1\`: then it succeeds, and the old connection receives the 492 frame and is closed with 4002. A second \`login\` on a logged-in connection answers 409. The bot's other logged-in connections get \`login_push\`. A rotated token closes its connections with 4004.

**Heartbeat.** kefu sends the text frame \`beat\` every \`KEFU_HEARTBEAT_S\` (10 s) to every open connection; the client answers \`beat\`. Any frame from the client counts as a sign of life; after \`KEFU_HEARTBEAT_MISSES\` (3) silent intervals the connection is closed with 4000.

**Error codes.** A failed request's reply carries only \`method\` (null if the frame could not be read), \`code\` and \`msg\`:

${errorCodesText}

**Close codes.**

${closeCodesText}`;
