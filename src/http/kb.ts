// /api/kb/*: the bot backend manages its knowledge base (the answers get_answer_from_ai
// suggests). Every route works on the api key's bot only; another bot's entry is 404.
import { Hono } from "hono";
import { z } from "zod";
import { kbEntryInput } from "../assistant/entry";
import { importKb } from "../assistant/kb-import";
import type { KbEntry, KbStore } from "../assistant/kb-store";
import { DeskError } from "../errors";
import { id } from "../wire/fields";
import { type AppEnv, ok } from "./env";
import { json } from "./validate";

const seconds = (ms: number) => Math.floor(ms / 1000);

/** An entry as the API shows it. */
export function entryView(e: KbEntry) {
  return {
    id: e.id,
    source: e.source,
    questions: e.questions,
    answer: e.answer,
    created_at: seconds(e.createdAt),
    updated_at: seconds(e.updatedAt),
  };
}

export function kbRoutes(kb: KbStore) {
  return new Hono<AppEnv>()
    .post("/create", json(kbEntryInput), async (c) => {
      const [entry] = await kb.add(c.get("bot").id, [c.req.valid("json")], false, Date.now());
      if (!entry) throw new DeskError("internal");
      return ok(c, entryView(entry));
    })
    .post("/update", json(kbEntryInput.extend({ id })), async (c) => {
      const { id: entryId, ...entry } = c.req.valid("json");
      const updated = await kb.update(c.get("bot").id, entryId, entry, Date.now());
      if (!updated) throw new DeskError("notFound", `no entry ${entryId}`);
      return ok(c, entryView(updated));
    })
    .post("/delete", json(z.object({ id })), async (c) => {
      const entryId = c.req.valid("json").id;
      if (!(await kb.remove(c.get("bot").id, entryId))) {
        throw new DeskError("notFound", `no entry ${entryId}`);
      }
      return ok(c, { id: entryId });
    })
    .post(
      "/list",
      json(
        z.object({
          source: z.enum(["curated", "learned"]).optional(),
          after: z.number().int().min(0).optional(),
          limit: z.number().int().min(1).max(1000).default(100),
        }),
      ),
      async (c) => {
        const { source, after, limit } = c.req.valid("json");
        const entries = await kb.list(c.get("bot").id, {
          limit,
          ...(source ? { source } : {}),
          ...(after ? { after } : {}),
        });
        const last = entries.at(-1);
        return ok(c, {
          entries: entries.map(entryView),
          // Pass as `after` for the next page; null once this page is the last.
          next: entries.length === limit && last ? last.id : null,
        });
      },
    )
    .post(
      "/import",
      json(
        z.object({
          format: z.enum(["jsonl", "csv"]),
          data: z.string().min(1),
          replace: z.boolean().default(false),
        }),
      ),
      async (c) => {
        const { format, data, replace } = c.req.valid("json");
        return ok(c, await importKb(kb, c.get("bot").id, data, format, replace));
      },
    );
}
