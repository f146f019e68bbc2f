// Where a user stands in the queue, and how long it may take (issue 9): for the
// user_message answer and POST /api/chat/queue_status.
import type { OpsStore } from "../store/operations";
import { estimateWait, RECENT_WAITS } from "./queue-estimate";

export interface QueueStatus {
  state: "waiting" | "active" | "none";
  session_id: number | null;
  customer_id: number | null;
  position: number | null;
  estimated_wait_s: number | null;
}

export async function queueStatus(
  // Only the candidates are asked of presence: a narrow shape, so ops/ stays below desk/.
  s: { ops: OpsStore; presence: { candidates(botId: number): Promise<number[]> } },
  botId: number,
  userid: string,
): Promise<QueueStatus> {
  const place = await s.ops.queuePlace(botId, userid);
  if (!place)
    return {
      state: "none",
      session_id: null,
      customer_id: null,
      position: null,
      estimated_wait_s: null,
    };
  const estimate =
    place.position === null
      ? null
      : estimateWait(
          await s.ops.recentWaits(botId, RECENT_WAITS),
          place.position,
          (await s.presence.candidates(botId)).length,
        );
  return {
    state: place.state,
    session_id: place.sessionId,
    customer_id: place.agentId,
    position: place.position,
    estimated_wait_s: estimate,
  };
}
