// The live board (issue 16): every waiting and active session of a bot, with its agent, its
// wait, how long the user's last message has gone unanswered and its SLA state, and each
// agent's load and status. Built from the stores on demand; board-watch sends it again
// whenever the bot's sessions or agents change.
import type { SessionView } from "../model/desk";
import type { LastMessages } from "../store/board";
import type { Stores } from "../store/stores";
import type { Board, BoardSession } from "../wire/methods/board";
import type { Presence } from "./presence";
import { STATUS } from "./routing";

export type SlaState = BoardSession["sla"];

const seconds = (ms: number) => Math.floor(ms / 1000);

/** Against a target of `targetS` (0: off): warning from half of it, breached from all of it. */
export function slaState(elapsedS: number | null, targetS: number): SlaState {
  if (targetS === 0 || elapsedS === null) return "ok";
  if (elapsedS >= targetS) return "breached";
  return elapsedS * 2 >= targetS ? "warning" : "ok";
}

/** How long the user has waited for an answer: since its last message, if no reply followed. */
export function unansweredS(last: LastMessages | undefined, nowMs: number): number | null {
  if (!last || last.user === null) return null;
  if (last.agent !== null && last.agent >= last.user) return null;
  return Math.max(0, seconds(nowMs - last.user));
}

export function boardSession(
  s: SessionView,
  last: LastMessages | undefined,
  nowMs: number,
  targetS: number,
): BoardSession {
  const waiting = s.state === "waiting";
  const waitS = Math.max(0, seconds((waiting ? nowMs : (s.assignedAt ?? nowMs)) - s.queuedAt));
  const sinceUser = unansweredS(last, nowMs);
  return {
    session_id: s.id,
    userid: s.userid,
    nickname: s.nickname,
    state: waiting ? "waiting" : "active",
    customer_id: s.agentId,
    group_id: s.groupId,
    queued_at: seconds(s.queuedAt),
    assigned_at: s.assignedAt === null ? null : seconds(s.assignedAt),
    wait_s: waitS,
    last_user_message_at: last?.user == null ? null : seconds(last.user),
    last_agent_message_at: last?.agent == null ? null : seconds(last.agent),
    since_user_s: sinceUser,
    // A waiting user is measured by its wait; an active one by its unanswered message.
    sla: slaState(waiting ? waitS : sinceUser, targetS),
  };
}

export async function buildBoard(
  store: Stores,
  presence: Presence,
  botId: number,
  targetS: number,
  nowMs = Date.now(),
): Promise<Board> {
  const agents = await store.identity.listAgents(botId);
  const online = new Map((await presence.list(botId)).map((a) => [a.agentId, a.status]));
  const waiting = await store.sessions.waitingSessions(botId);
  const active: SessionView[][] = [];
  for (const a of agents) active.push(await store.sessions.activeSessions(a.id));
  const sessions = [...waiting, ...active.flat()];
  const last = await store.board.lastMessages(
    botId,
    sessions.map((s) => s.userid),
  );
  return {
    timestamp: seconds(nowMs),
    sla_s: targetS,
    sessions: sessions.map((s) => boardSession(s, last.get(s.userid), nowMs, targetS)),
    agents: agents
      .map((a, i) => ({
        customer_id: a.id,
        customer_name: a.name,
        role: a.role,
        status: online.get(a.id) ?? STATUS.offline,
        active: active[i]?.length ?? 0,
        max_sessions: a.maxSessions,
        disabled: a.disabled,
      }))
      .filter((a) => !a.disabled)
      .map(({ disabled: _, ...a }) => a),
  };
}
