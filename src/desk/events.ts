// What each event tells the bot (CONTRACT.md, "Events"): the fields a type adds to the
// common ones (id, seq, event, bid, userid, timestamp). Pure; the desk commits them with
// the change they report.
import type { MessageItem, NewEvent, RequeueReason, Session } from "../model/desk";

type Of = Pick<Session, "id" | "botId" | "userid">;

const event = (type: NewEvent["type"], s: Of, payload: Record<string, unknown>): NewEvent => ({
  type,
  botId: s.botId,
  userid: s.userid,
  payload: { session_id: s.id, ...payload },
});

export const deskEvents = {
  connected: (s: Of, agentId: number, assigned: "auto" | "manual") =>
    event("session_connected", s, { customer_id: agentId, assigned }),
  /** `byAgent`: the agent who ended it; none (a rule): the agent it was with. */
  ended: (s: Of & Pick<Session, "agentId">, byAgent: number | null, reason: string) =>
    event("session_ended", s, { customer_id: byAgent ?? s.agentId, reason }),
  requeued: (held: Of & Pick<Session, "agentId">, reason: RequeueReason) =>
    event("session_requeued", held, { from_customer_id: held.agentId, reason }),
  transferred: (s: Of, fromAgent: number, toAgent: number) =>
    event("session_transferred", s, { from_customer_id: fromAgent, customer_id: toAgent }),
  agentMessage: (s: Of, agentId: number, items: MessageItem[]) =>
    event("agent_message", s, { customer_id: agentId, message: items }),
};
