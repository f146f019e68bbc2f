// /api/chat/user_typing and /api/chat/user_read (issue 17): the bot tells the agent who
// holds its user that the user is typing, or has read the replies; pushes only, nothing
// stored.
import { z } from "zod";
import { id, userid } from "../wire/fields";
import { type HttpServices, ok } from "./env";
import { apiPost, routes } from "./openapi-route";

const tag = "chat";

const sent = z.object({
  sent: z.number().int().describe("connections reached: 0 when no agent holds the user"),
});

const userTyping = apiPost({
  path: "/user_typing",
  tag,
  summary: "The user is typing (or stopped): the agent holding the user gets user_typing_push",
  body: z.object({ bid: id.optional(), userid, typing: z.boolean().default(true) }),
  data: sent,
});

const userRead = apiPost({
  path: "/user_read",
  tag,
  summary: "The user has read the agents' messages up to a time: user_read_push",
  body: z.object({
    bid: id.optional(),
    userid,
    read_to: z
      .number()
      .int()
      .min(0)
      .max(1e11)
      .describe("Unix seconds: the `timestamp` of the newest agent_message the user has seen"),
  }),
  data: sent,
});

export function signalRoutes(s: HttpServices) {
  return routes()
    .serve(userTyping, async (c) => {
      const p = c.req.valid("json");
      return ok(c, { sent: await s.signals.userTyping(c.get("bot").id, p.userid, p.typing) });
    })
    .serve(userRead, async (c) => {
      const p = c.req.valid("json");
      return ok(c, { sent: await s.signals.userRead(c.get("bot").id, p.userid, p.read_to) });
    });
}
