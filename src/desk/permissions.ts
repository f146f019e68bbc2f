// Who may do what (issue 16): the one table of each protocol method's and each agent-reachable
// HTTP route's least role, and the one rule narrowing what the `agent` role reads. The
// dispatcher, the protocol handlers and the HTTP API ask here; nothing else decides.
import type { Role } from "../model/desk";
import type { Method } from "../wire/requests";

export const ROLES = ["agent", "supervisor", "admin"] as const satisfies readonly Role[];

const RANK: Record<Role, number> = { agent: 0, supervisor: 1, admin: 2 };

export function isRole(value: string): value is Role {
  return Object.hasOwn(RANK, value);
}

export function atLeast(role: Role, least: Role): boolean {
  return RANK[role] >= RANK[least];
}

/**
 * Each method's least role. The seed's methods stay open to every agent; what `agent` may
 * read through them is narrowed by `readsOnlyOwn`. A new method without a line fails to compile.
 */
export const METHOD_ROLE = {
  login: "agent",
  logout: "agent",
  set_customer_status: "agent",
  set_auto_connect_status: "agent",
  get_user_info: "agent",
  connect: "agent",
  disconnect: "agent",
  transform: "agent",
  send_to_user: "agent",
  get_wait_user_list: "agent",
  get_current_session_list: "agent",
  get_chat_record: "agent",
  get_answer_from_ai: "agent",
  add_note: "agent",
  get_canned_replies: "agent",
  save_canned_reply: "agent",
  delete_canned_reply: "agent",
  get_group_list: "agent",
  get_reports: "supervisor",
  get_summary: "agent",
  get_kb_missed: "supervisor",
  send_typing: "agent",
  mark_read: "agent",
  search_messages: "agent",
  get_user_sessions: "agent",
  get_labels: "agent",
  save_label: "admin",
  delete_label: "admin",
  tag_session: "agent",
  get_label_report: "supervisor",
  board_list: "supervisor",
  whisper: "supervisor",
  take_over: "supervisor",
  reassign: "supervisor",
  end_session: "supervisor",
} as const satisfies Record<Method, Role>;

export function mayCall(role: Role, method: Method): boolean {
  return atLeast(role, METHOD_ROLE[method]);
}

/**
 * `agent` sees its own conversations, the waiting queue and the history of users it has
 * served; a supervisor or admin sees every conversation of its bot.
 */
export function readsOnlyOwn(role: Role): boolean {
  return !atLeast(role, "supervisor");
}

/**
 * The HTTP routes an agent's credential (console session or `kft_` token) reaches, each
 * with its least role, as "METHOD /path" (the OpenAPI path). The bot's api key reaches every
 * /api route as before; an agent's reaches a route only if it is here and the role suffices.
 */
export const ROUTE_ROLE: Record<string, Role> = {
  "POST /auth/logout": "agent",
  "POST /auth/me": "agent",
  "POST /auth/password": "agent",
  "POST /auth/totp/setup": "agent",
  "POST /auth/totp/enable": "agent",
  "POST /auth/totp/disable": "agent",
  "GET /api/reports": "supervisor",
  "GET /api/audit": "supervisor",
  "POST /api/customer/list": "supervisor",
  "POST /api/customer/info": "supervisor",
  "POST /api/customer/is_online": "supervisor",
  "POST /api/group/list": "supervisor",
  "POST /api/canned/list": "supervisor",
  "POST /api/kb/list": "supervisor",
  "POST /api/chat/queue_status": "supervisor",
};

/** Whether an agent of `role` may call the route; a route not in ROUTE_ROLE is for admins. */
export function mayReach(role: Role, method: string, path: string): boolean {
  const trimmed = path.length > 1 && path.endsWith("/") ? path.slice(0, -1) : path;
  const least = ROUTE_ROLE[`${method.toUpperCase()} ${trimmed}`] ?? "admin";
  return atLeast(role, least);
}
