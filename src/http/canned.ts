// /api/canned/*: the bot's shared canned replies (issue 9). Agents keep their own over the
// WebSocket; only the bot backend changes or deletes shared ones.
import { Hono } from "hono";
import { z } from "zod";
import { DeskError } from "../errors";
import type { CannedReply } from "../model/operations";
import { cannedCode, id } from "../wire/fields";
import { messageItems } from "../wire/items";
import { type AppEnv, type HttpServices, ok } from "./env";
import { json } from "./validate";

const seconds = (ms: number) => Math.floor(ms / 1000);

const entry = (r: CannedReply) => ({
  id: r.id,
  code: r.code,
  message: r.items,
  create_time: seconds(r.createdAt),
});

export function cannedRoutes(s: HttpServices) {
  return new Hono<AppEnv>()
    .post("/create", json(z.object({ code: cannedCode, message: messageItems })), async (c) => {
      const bot = c.get("bot");
      const p = c.req.valid("json");
      const saved = await s.ops.saveCanned(
        {
          botId: bot.id,
          agentId: null,
          code: p.code,
          items: p.message,
          now: Date.now(),
          mayReplaceShared: true,
        },
        { type: "bot", id: bot.id },
      );
      if (!saved.ok) throw new DeskError("internal");
      return ok(c, { ...entry(saved.reply), created: saved.created ? 1 : 0 });
    })
    .post("/list", json(z.object({ code: z.string().max(32).default("") })), async (c) => {
      const list = await s.ops.cannedReplies(c.get("bot").id, null, c.req.valid("json").code);
      return ok(c, { list: list.map(entry) });
    })
    .post("/delete", json(z.object({ id })), async (c) => {
      const bot = c.get("bot");
      const { id: replyId } = c.req.valid("json");
      const gone = await s.ops.deleteCanned(
        { botId: bot.id, agentId: null, id: replyId, now: Date.now() },
        { type: "bot", id: bot.id },
      );
      if (!gone) throw new DeskError("notFound", `no shared canned reply ${replyId}`);
      return ok(c, { id: replyId });
    });
}
