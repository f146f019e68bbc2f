// The method table: each `method` of the seed, and kefu's own, and its handler.
import type { MethodTable } from "../context";
import { getKbMissed, getSummary } from "./assistant";
import { boardList, endSession, reassign, takeOver, whisper } from "./board";
import { getGroupList } from "./groups";
import { deleteLabel, getLabelReport, getLabels, saveLabel, tagSession } from "./labels";
import {
  getAnswerFromAi,
  getChatRecord,
  getCurrentSessionList,
  getUserInfo,
  getWaitUserList,
} from "./lists";
import { addNote, deleteCannedReply, getCannedReplies, saveCannedReply } from "./operations";
import { login, logout, setAutoConnectStatus, setCustomerStatus } from "./presence";
import { getReports } from "./reports";
import { getUserSessions, searchMessages } from "./search";
import { connect, disconnect, sendToUser, transform } from "./sessions";
import { markRead, sendTyping } from "./signals";

export const methods: MethodTable = {
  login,
  logout,
  set_customer_status: setCustomerStatus,
  set_auto_connect_status: setAutoConnectStatus,
  get_user_info: getUserInfo,
  connect,
  disconnect,
  transform,
  send_to_user: sendToUser,
  get_wait_user_list: getWaitUserList,
  get_current_session_list: getCurrentSessionList,
  get_chat_record: getChatRecord,
  get_answer_from_ai: getAnswerFromAi,
  add_note: addNote,
  get_canned_replies: getCannedReplies,
  save_canned_reply: saveCannedReply,
  delete_canned_reply: deleteCannedReply,
  get_group_list: getGroupList,
  get_reports: getReports,
  get_summary: getSummary,
  get_kb_missed: getKbMissed,
  send_typing: sendTyping,
  mark_read: markRead,
  search_messages: searchMessages,
  get_user_sessions: getUserSessions,
  get_labels: getLabels,
  save_label: saveLabel,
  delete_label: deleteLabel,
  tag_session: tagSession,
  get_label_report: getLabelReport,
  board_list: boardList,
  whisper,
  take_over: takeOver,
  reassign,
  end_session: endSession,
};
