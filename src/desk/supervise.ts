// A supervisor's actions on a conversation it does not hold (issue 16): take it over, hand
// it to another agent, end it. Each acts as the desk's own step for the agent who holds the
// session (so routing, events and pushes are those of a hand-over or an end), audited as the
// supervisor's, and that agent is told by `supervisor_push`.
import { DeskError } from "../errors";
import type { AuditInput } from "../model/operations";
import type { Stores } from "../store/stores";
import { push } from "../wire/pushes";
import type { Actor, Desk } from "./desk";
import type { Hub } from "./hub";

export type SupervisorAction = "take_over" | "reassign" | "end_session";

/** The agent holding the user's active session: 404 if there is none. */
async function holder(store: Stores, botId: number, userid: string): Promise<Actor> {
  const s = await store.sessions.open(botId, userid);
  if (s?.state !== "active" || s.agentId === null)
    throw new DeskError("notFound", `no active session with ${userid}`);
  return { agentId: s.agentId, botId };
}

/**
 * Moves the user's session (to `toAgentId`, or ends it when null) and tells its agent.
 * Returns the agent who had it.
 */
export async function supervise(
  parts: { store: Stores; desk: Desk; hub: Hub },
  supervisor: Actor,
  action: SupervisorAction,
  userid: string,
  toAgentId: number | null,
  audit: AuditInput,
): Promise<number> {
  const from = await holder(parts.store, supervisor.botId, userid);
  if (toAgentId === null) await parts.desk.disconnect(from, userid, audit);
  else await parts.desk.transform(from, userid, { agentId: toAgentId }, audit);
  await parts.hub.toAgent(
    from.agentId,
    push.supervisor(action, userid, supervisor.agentId, toAgentId),
  );
  return from.agentId;
}
