// /api/user/export, /api/user/erase and GET /api/chat/transcript (issue 18): one user's
// data for the bot, that data erased, and the bot's conversations over a time range.
import { stream } from "hono/streaming";
import { z } from "zod";
import type { Assistant } from "../assistant/assistant";
import { transcriptLines, transcriptText } from "../desk/transcript";
import { erasedAnswer, exportUser } from "../desk/user-data";
import { DeskError } from "../errors";
import { id, userid } from "../wire/fields";
import { userErased, userExport } from "../wire/user-data";
import { type HttpServices, ok } from "./env";
import { apiGetStream, apiPost, routes } from "./openapi-route";

const who = z.object({ bid: id.optional(), userid });
const NO_USER = "kefu holds nothing about this user in this bot.";

const exportRoute = apiPost({
  path: "/export",
  tag: "users",
  summary: "Everything kefu holds about one user, as JSON (profile, messages, sessions...)",
  body: who,
  data: userExport,
  failures: { 404: NO_USER },
});

const eraseRoute = apiPost({
  path: "/erase",
  tag: "users",
  summary: "Erases one user: their open session ended, then every row about them deleted",
  description:
    "One transaction: the open session (if any) ends with `session_ended` (reason `user_erased`), every row about the user goes (profile, sessions, messages, notes, ratings, events, msgids, learned answers and feedback), older audit entries about them are re-pointed to a pseudonym, and one audit entry (`user_erase`, counts only) is kept. No event follows: it would name the user.",
  body: who,
  data: userErased,
  failures: { 404: NO_USER },
});

const unix = z
  .string()
  .regex(/^\d{1,12}$/, "expected Unix seconds")
  .transform(Number);

const transcriptQuery = z.object({
  bid: id.optional(),
  from: unix.describe("Unix seconds, included"),
  to: unix.describe("Unix seconds, excluded"),
  format: z.enum(["jsonl", "csv"]).default("jsonl"),
});

const MEDIA = { jsonl: "application/x-ndjson", csv: "text/csv; charset=utf-8" } as const;

const transcriptRoute = apiGetStream({
  path: "/transcript",
  tag: "chat",
  summary: "The bot's messages in [from, to), oldest first, streamed as JSON Lines or CSV",
  description:
    "Every message item of every user (agents' notes left out), one a line, oldest first. Streamed: the answer starts before the last line is read. `to` must be after `from` (else 400).",
  query: transcriptQuery,
  media: {
    [MEDIA.jsonl]:
      "One JSON object a line: id, session_id, userid, from (user, agent or robot), customer_id, type, value (the item's value as stored), created_at (Unix seconds).",
    [MEDIA.csv]:
      "RFC 4180 CSV, a header line first; columns id, created_at, userid, session_id, from, customer_id, type, text, url.",
  },
});

export function userDataRoutes(s: HttpServices & { assistant: Assistant }) {
  return routes()
    .serve(exportRoute, async (c) => {
      const bot = c.get("bot");
      const data = await exportUser(s.store, bot.id, c.req.valid("json").userid, Date.now());
      if (!data) throw new DeskError("notFound", "no such user");
      return ok(c, data);
    })
    .serve(eraseRoute, async (c) => {
      const bot = c.get("bot");
      const { userid: uid } = c.req.valid("json");
      const erased = await s.desk.erase(bot.id, uid, { type: "bot", id: bot.id });
      if (!erased) throw new DeskError("notFound", "no such user");
      s.assistant.forget?.({ botId: bot.id, userid: uid });
      return ok(c, erasedAnswer(bot.id, uid, erased));
    });
}

export function transcriptRoutes(s: HttpServices) {
  return routes().serve(transcriptRoute, async (c) => {
    const bot = c.get("bot");
    const q = c.req.valid("query");
    if (q.to <= q.from) throw new DeskError("badRequest", "to: must be after from");
    const lines = transcriptLines(s.store, bot.id, { from: q.from * 1000, to: q.to * 1000 });
    c.header("content-type", MEDIA[q.format]);
    return stream(c, async (out) => {
      for await (const chunk of transcriptText(lines, q.format)) await out.write(chunk);
    });
  });
}
