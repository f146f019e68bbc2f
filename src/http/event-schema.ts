// An event as GET /api/chat/events and the webhook carry it (docs/http-api.md, "Events"):
// the fields every event has, and those of its type, kept as committed.
import { z } from "zod";

const EVENT_TYPES = [
  "agent_message",
  "session_connected",
  "session_ended",
  "session_transferred",
  "session_requeued",
  "agent_typing",
  "agent_read",
  "queue_update",
] as const;

export const botEvent = z
  .looseObject({
    id: z.string().regex(/^evt_[0-9a-f]{32}$/),
    seq: z.number().int(),
    event: z.enum(EVENT_TYPES),
    bid: z.number().int(),
    userid: z.string(),
    timestamp: z.number().int().describe("Unix seconds"),
  })
  .meta({
    id: "Event",
    description:
      "Each type adds its own fields (session_id, customer_id, message, assigned, reason, from_customer_id, typing, read_to, position, estimated_wait_s): docs/http-api.md, Events.",
  });
