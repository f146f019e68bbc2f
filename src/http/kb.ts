// /api/kb/*: the bot backend manages its knowledge base (the answers get_answer_from_ai
// suggests). Every route works on the api key's bot only; another bot's entry is 404. Each
// change is audited as the caller's (the api key, or the admin who made it), once it is made:
// the knowledge base is a store of its own, outside the desk's transactions.
import { z } from "zod";
import { kbEntryInput } from "../assistant/entry";
import { importKb } from "../assistant/kb-import";
import type { KbEntry, KbStore } from "../assistant/kb-store";
import { DeskError } from "../errors";
import type { OpsStore } from "../store/operations";
import { id } from "../wire/fields";
import { messageItems } from "../wire/items";
import { byCaller, ok } from "./env";
import { apiPost, routes } from "./openapi-route";

const seconds = (ms: number) => Math.floor(ms / 1000);

const SOURCES = ["curated", "learned"] as const;

export const kbEntry = z.object({
  id: z.number().int(),
  source: z.enum(SOURCES),
  questions: z.array(z.string()),
  answer: messageItems,
  created_at: z.number().int(),
  updated_at: z.number().int(),
});

/** An entry as the API shows it. */
export function entryView(e: KbEntry): z.input<typeof kbEntry> {
  return {
    id: e.id,
    source: e.source,
    questions: e.questions,
    answer: e.answer,
    created_at: seconds(e.createdAt),
    updated_at: seconds(e.updatedAt),
  };
}

const tag = "knowledge base";
const noEntry = { 404: "No entry with that id in this bot's knowledge base." };

const create = apiPost({
  path: "/create",
  tag,
  summary: "Add a curated entry",
  body: kbEntryInput,
  data: kbEntry,
});

const update = apiPost({
  path: "/update",
  tag,
  summary: "Replace an entry's questions and answer",
  body: kbEntryInput.extend({ id }),
  data: kbEntry,
  failures: noEntry,
});

const remove = apiPost({
  path: "/delete",
  tag,
  summary: "Delete an entry",
  body: z.object({ id }),
  data: z.object({ id: z.number().int() }),
  failures: noEntry,
});

const list = apiPost({
  path: "/list",
  tag,
  summary: "The entries, by id, a page at a time",
  body: z.object({
    source: z.enum(SOURCES).optional(),
    after: z.number().int().min(0).optional(),
    limit: z.number().int().min(1).max(1000).default(100),
  }),
  data: z.object({
    entries: z.array(kbEntry),
    next: z.number().int().nullable().describe("pass as `after` for the next page"),
  }),
});

const importRoute = apiPost({
  path: "/import",
  tag,
  summary: "Import entries from JSON lines or CSV",
  body: z.object({
    format: z.enum(["jsonl", "csv"]),
    data: z.string().min(1),
    replace: z.boolean().default(false),
  }),
  data: z.object({
    added: z.number().int(),
    refused: z.array(z.object({ line: z.number().int(), reason: z.string() })),
  }),
});

export function kbRoutes(kb: KbStore, ops: OpsStore) {
  return routes()
    .serve(create, async (c) => {
      const [entry] = await kb.add(c.get("bot").id, [c.req.valid("json")], false, Date.now());
      if (!entry) throw new DeskError("internal");
      await ops.audit(byCaller(c, "kb_create", `kb:${entry.id}`));
      return ok(c, entryView(entry));
    })
    .serve(update, async (c) => {
      const { id: entryId, ...entry } = c.req.valid("json");
      const updated = await kb.update(c.get("bot").id, entryId, entry, Date.now());
      if (!updated) throw new DeskError("notFound", `no entry ${entryId}`);
      await ops.audit(byCaller(c, "kb_update", `kb:${entryId}`));
      return ok(c, entryView(updated));
    })
    .serve(remove, async (c) => {
      const entryId = c.req.valid("json").id;
      if (!(await kb.remove(c.get("bot").id, entryId))) {
        throw new DeskError("notFound", `no entry ${entryId}`);
      }
      await ops.audit(byCaller(c, "kb_delete", `kb:${entryId}`));
      return ok(c, { id: entryId });
    })
    .serve(list, async (c) => {
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
    })
    .serve(importRoute, async (c) => {
      const { format, data, replace } = c.req.valid("json");
      const done = await importKb(kb, c.get("bot").id, data, format, replace);
      await ops.audit(
        byCaller(c, "kb_import", `bot:${c.get("bot").id}`, {
          added: done.added,
          refused: done.refused.length,
          replace,
        }),
      );
      return ok(c, done);
    });
}
