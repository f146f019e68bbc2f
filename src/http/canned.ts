// /api/canned/*: the bot's shared canned replies (issue 9). Agents keep their own over the
// WebSocket; only the bot backend (or an admin) changes or deletes shared ones.

import type { Context } from "hono";
import { z } from "zod";
import { DeskError } from "../errors";
import type { CannedReply } from "../model/operations";
import { cannedCode, id } from "../wire/fields";
import { messageItems } from "../wire/items";
import { type AppEnv, type HttpServices, ok } from "./env";
import { apiPost, routes } from "./openapi-route";

const seconds = (ms: number) => Math.floor(ms / 1000);

const cannedEntry = z.object({
  id: z.number().int(),
  code: z.string(),
  message: messageItems,
  create_time: z.number().int(),
});

const entry = (r: CannedReply): z.input<typeof cannedEntry> => ({
  id: r.id,
  code: r.code,
  message: r.items,
  create_time: seconds(r.createdAt),
});

const tag = "canned replies";

/** Who a change is audited as: the api key's bot, or the admin whose credential made it. */
function actorOf(c: Context<AppEnv>) {
  const agent = c.get("agent");
  return agent
    ? { type: "agent" as const, id: agent.id }
    : { type: "bot" as const, id: c.get("bot").id };
}

const create = apiPost({
  path: "/create",
  tag,
  summary: "Save a shared canned reply (replacing the one with the same code)",
  body: z.object({ code: cannedCode, message: messageItems }),
  data: cannedEntry.extend({ created: z.union([z.literal(0), z.literal(1)]) }),
});

const list = apiPost({
  path: "/list",
  tag,
  summary: "The shared canned replies whose code starts with `code`",
  body: z.object({ code: z.string().max(32).default("") }),
  data: z.object({ list: z.array(cannedEntry) }),
});

const remove = apiPost({
  path: "/delete",
  tag,
  summary: "Delete a shared canned reply",
  body: z.object({ id }),
  data: z.object({ id: z.number().int() }),
  failures: { 404: "No shared canned reply with that id in this bot." },
});

export function cannedRoutes(s: HttpServices) {
  return routes()
    .serve(create, async (c) => {
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
        actorOf(c),
      );
      if (!saved.ok) throw new DeskError("internal");
      return ok(c, { ...entry(saved.reply), created: saved.created ? (1 as const) : (0 as const) });
    })
    .serve(list, async (c) => {
      const found = await s.ops.cannedReplies(c.get("bot").id, null, c.req.valid("json").code);
      return ok(c, { list: found.map(entry) });
    })
    .serve(remove, async (c) => {
      const bot = c.get("bot");
      const { id: replyId } = c.req.valid("json");
      const gone = await s.ops.deleteCanned(
        { botId: bot.id, agentId: null, id: replyId, now: Date.now() },
        actorOf(c),
      );
      if (!gone) throw new DeskError("notFound", `no shared canned reply ${replyId}`);
      return ok(c, { id: replyId });
    });
}
