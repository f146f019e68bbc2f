// The live board and the supervisor's actions (issue 16): methods kefu adds beside the seed's,
// for supervisors and admins. board_list answers the board; board_push brings it again on
// every change of the bot's sessions and agents.
import { z } from "zod";
import { id, userid } from "../fields";
import { agentStatus, sentId, unixTime } from "../sent";

export const boardRequests = {
  board_list: z.object({}),
  whisper: z.object({ userid, text: z.string().trim().min(1).max(8000) }),
  take_over: z.object({ userid }),
  reassign: z.object({ userid, customer_id: id }),
  end_session: z.object({ userid }),
};

const seconds = z.number().int().min(0);

export const boardSession = z.object({
  session_id: sentId,
  userid: z.string(),
  nickname: z.string(),
  state: z.enum(["waiting", "active"]),
  customer_id: sentId.nullable(),
  group_id: sentId.nullable(),
  queued_at: unixTime,
  assigned_at: unixTime.nullable(),
  wait_s: seconds.describe("waiting: so far; active: how long it waited before an agent took it"),
  last_user_message_at: unixTime.nullable(),
  last_agent_message_at: unixTime.nullable(),
  since_user_s: seconds
    .nullable()
    .describe("seconds the user's last message has gone unanswered; null: answered"),
  sla: z
    .enum(["ok", "warning", "breached"])
    .describe("against KEFU_FIRST_REPLY_S: warning from half of it, breached from all of it"),
});

export const boardAgent = z.object({
  customer_id: sentId,
  customer_name: z.string(),
  role: z.enum(["agent", "supervisor", "admin"]),
  status: agentStatus.describe("0 offline, 1 online, 2 busy, 3 away"),
  active: z.number().int().min(0),
  max_sessions: z.number().int(),
});

export const board = z.object({
  timestamp: unixTime,
  sla_s: seconds.describe("the target the sla states are measured against; 0: off"),
  sessions: z.array(boardSession),
  agents: z.array(boardAgent),
});

export type Board = z.output<typeof board>;
export type BoardSession = z.output<typeof boardSession>;

export const boardResults = {
  board_list: z.object({ data: board }),
  whisper: z.object({ userid: z.string(), customer_id: sentId, timestamp: unixTime }),
  take_over: z.object({ userid: z.string(), from_customer_id: sentId }),
  reassign: z.object({ userid: z.string(), from_customer_id: sentId, customer_id: sentId }),
  end_session: z.object({ userid: z.string(), from_customer_id: sentId }),
};
