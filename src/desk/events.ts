// What each event tells the bot (CONTRACT.md, "Events"): the fields a type adds to the
// common ones (id, seq, event, bid, userid, timestamp). Pure; the desk commits them with
// the change they report.
import type { MessageItem, NewEvent, RequeueReason, Session } from "../model/desk";
import type { SessionLabels } from "../store/labels";

type Of = Pick<Session, "id" | "botId" | "userid">;

const about = (s: Of) => ({ botId: s.botId, userid: s.userid });

export const deskEvents = {
  /**
   * `how.requested`: the agent the bot named; `how.returning`: the agent who served this
   * returning user last (issue 18). Each field is there only when true.
   */
  connected: (
    s: Of,
    agentId: number,
    assigned: "auto" | "manual",
    how: { requested?: boolean; returning?: boolean } = {},
  ): NewEvent => ({
    type: "session_connected",
    ...about(s),
    payload: {
      session_id: s.id,
      customer_id: agentId,
      assigned,
      ...(how.requested ? { requested: true as const } : {}),
      ...(how.returning ? { returning: true as const } : {}),
    },
  }),
  /** `byAgent`: the agent who ended it; none (a rule): the agent it was with. */
  ended: (
    s: Of & Pick<Session, "agentId">,
    byAgent: number | null,
    reason: string,
    labels?: SessionLabels,
  ): NewEvent => ({
    type: "session_ended",
    ...about(s),
    payload: {
      session_id: s.id,
      customer_id: byAgent ?? s.agentId,
      reason,
      ...(labels ? { tags: labels.tags, close_reason: labels.reason } : {}),
    },
  }),
  requeued: (held: Of & Pick<Session, "agentId">, reason: RequeueReason): NewEvent => ({
    type: "session_requeued",
    ...about(held),
    payload: { session_id: held.id, from_customer_id: held.agentId, reason },
  }),
  transferred: (s: Of, fromAgent: number, toAgent: number): NewEvent => ({
    type: "session_transferred",
    ...about(s),
    payload: { session_id: s.id, from_customer_id: fromAgent, customer_id: toAgent },
  }),
  queueUpdate: (s: Of, position: number, estimate: number | null): NewEvent => ({
    type: "queue_update",
    ...about(s),
    payload: { session_id: s.id, position, estimated_wait_s: estimate },
  }),
  agentMessage: (s: Of, agentId: number, items: MessageItem[]): NewEvent => ({
    type: "agent_message",
    ...about(s),
    payload: { session_id: s.id, customer_id: agentId, message: items },
  }),
  agentTyping: (s: Of, agentId: number, typing: boolean): NewEvent => ({
    type: "agent_typing",
    ...about(s),
    payload: { session_id: s.id, customer_id: agentId, typing: typing ? 1 : 0 },
  }),
  agentRead: (s: Of, agentId: number, readTo: number): NewEvent => ({
    type: "agent_read",
    ...about(s),
    payload: { session_id: s.id, customer_id: agentId, read_to: readTo },
  }),
};
