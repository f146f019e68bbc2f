// POST /api/chat/rating (issue 9): the user's rating of an ended session, from the bot.
import { z } from "zod";
import { DeskError } from "../errors";
import type { Counter } from "../metrics";
import { id, userid } from "../wire/fields";
import { type HttpServices, ok } from "./env";
import { apiPost, routes } from "./openapi-route";

const rating = z.object({
  bid: id.optional(),
  userid,
  session_id: id.optional(),
  score: z.number().int().min(1).max(5),
  comment: z.string().max(2000).default(""),
});

const REFUSED = {
  no_session: ["notFound", "no ended session of this user to rate"],
  not_ended: ["conflict", "the session has not ended yet"],
  rated: ["conflict", "the session is already rated"],
} as const;

const rate = apiPost({
  path: "/rating",
  tag: "chat",
  summary: "The user's rating of an ended session (the latest, unless session_id names one)",
  body: rating,
  data: z.object({ session_id: z.number().int(), score: z.number().int(), comment: z.string() }),
  failures: {
    404: "No ended session of this user to rate.",
    409: "The session has not ended yet, or is already rated.",
  },
});

export function ratingRoutes(s: HttpServices & { ratings: Counter }) {
  return routes().serve(rate, async (c) => {
    const bot = c.get("bot");
    const p = c.req.valid("json");
    const rated = await s.ops.rate({
      botId: bot.id,
      userid: p.userid,
      ...(p.session_id === undefined ? {} : { sessionId: p.session_id }),
      score: p.score,
      comment: p.comment,
      now: Date.now(),
    });
    if (!rated.ok) {
      const [name, msg] = REFUSED[rated.reason];
      throw new DeskError(name, msg);
    }
    s.ratings.inc({ score: String(p.score) });
    return ok(c, { session_id: rated.sessionId, score: p.score, comment: p.comment });
  });
}
