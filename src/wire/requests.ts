// The request frames of the agent protocol (seed sections 3-16): one zod schema per
// `method`, with the seed's field names, and each method's reply fields declared beside its
// schema (wire/methods/). Unknown extra fields are ignored.
import type { z } from "zod";
import { assistantRequests, assistantResults } from "./methods/assistant";
import { boardRequests, boardResults } from "./methods/board";
import { groupRequests, groupResults } from "./methods/groups";
import { labelRequests, labelResults } from "./methods/labels";
import { listRequests, listResults } from "./methods/lists";
import { operationRequests, operationResults } from "./methods/operations";
import { presenceRequests, presenceResults } from "./methods/presence";
import { reportRequests, reportResults } from "./methods/reports";
import { searchRequests, searchResults } from "./methods/search";
import { sessionRequests, sessionResults } from "./methods/sessions";
import { signalRequests, signalResults } from "./methods/signals";

export const requests = {
  login: presenceRequests.login,
  logout: presenceRequests.logout,
  set_customer_status: presenceRequests.set_customer_status,
  get_user_info: listRequests.get_user_info,
  set_auto_connect_status: presenceRequests.set_auto_connect_status,
  connect: sessionRequests.connect,
  disconnect: sessionRequests.disconnect,
  transform: sessionRequests.transform,
  send_to_user: sessionRequests.send_to_user,
  get_wait_user_list: listRequests.get_wait_user_list,
  get_current_session_list: listRequests.get_current_session_list,
  get_chat_record: listRequests.get_chat_record,
  get_answer_from_ai: listRequests.get_answer_from_ai,
  add_note: operationRequests.add_note,
  get_canned_replies: operationRequests.get_canned_replies,
  save_canned_reply: operationRequests.save_canned_reply,
  delete_canned_reply: operationRequests.delete_canned_reply,
  get_group_list: groupRequests.get_group_list,
  get_reports: reportRequests.get_reports,
  get_summary: assistantRequests.get_summary,
  get_kb_missed: assistantRequests.get_kb_missed,
  send_typing: signalRequests.send_typing,
  mark_read: signalRequests.mark_read,
  search_messages: searchRequests.search_messages,
  get_user_sessions: searchRequests.get_user_sessions,
  get_labels: labelRequests.get_labels,
  save_label: labelRequests.save_label,
  delete_label: labelRequests.delete_label,
  tag_session: labelRequests.tag_session,
  get_label_report: labelRequests.get_label_report,
  board_list: boardRequests.board_list,
  whisper: boardRequests.whisper,
  take_over: boardRequests.take_over,
  reassign: boardRequests.reassign,
  end_session: boardRequests.end_session,
} as const;

export type Method = keyof typeof requests;

/** A method's fields as its handler receives them: checked, defaults filled in. */
export type Params<M extends Method> = z.output<(typeof requests)[M]>;

/** Each method's reply fields beyond `method`, `code` and `msg`; a method without one fails to compile. */
export const results = {
  ...presenceResults,
  ...sessionResults,
  ...listResults,
  ...operationResults,
  ...groupResults,
  ...reportResults,
  ...assistantResults,
  ...signalResults,
  ...searchResults,
  ...labelResults,
  ...boardResults,
} as const satisfies Record<Method, z.ZodObject>;

/** A method's reply fields as its handler returns them. */
export type Result<M extends Method> = z.output<(typeof results)[M]>;

/** A method's fields as a client writes them; zod types a method without any as `Record<string, never>`. */
type Fields<M extends Method> = string extends keyof z.input<(typeof requests)[M]>
  ? unknown
  : z.input<(typeof requests)[M]>;

/** A request frame as a client writes it, one member per `method`. */
export type RequestFrame = { [M in Method]: { method: M } & Fields<M> }[Method];

/** What every reply carries: its request's `method` (null if it had none), a code, a message. */
export type ReplyHead = { method: string | null; code: number; msg: string };

export function isMethod(m: string): m is Method {
  return Object.hasOwn(requests, m);
}
