// /api/labels/* and /api/reports/labels (issue 17): the bot's lists of tags and close
// reasons, and the counts of ended sessions by each.
import { z } from "zod";
import { labelLists, labelReport } from "../desk/labels";
import { DeskError } from "../errors";
import { withAudit } from "../store/stores";
import { id } from "../wire/fields";
import {
  labelKind,
  labelName,
  labelLists as listsSchema,
  labelReport as reportSchema,
} from "../wire/labels";
import { reportRange } from "../wire/reports";
import { byBot, type HttpServices, ok } from "./env";
import { apiGet, apiPost, routes } from "./openapi-route";

const tag = "labels";

const label = z.object({ bid: id.optional(), kind: labelKind, name: labelName });

const list = apiPost({
  path: "/list",
  tag,
  summary: "The bot's tags and close reasons",
  body: z.object({ bid: id.optional() }),
  data: listsSchema,
});

const create = apiPost({
  path: "/create",
  tag,
  summary: "Add a tag or a close reason to the bot's list",
  body: label,
  data: z.object({ kind: labelKind, name: z.string(), created: z.boolean() }),
});

const remove = apiPost({
  path: "/delete",
  tag,
  summary: "Remove a tag or a close reason; sessions keep theirs",
  body: label,
  data: z.object({ kind: labelKind, name: z.string() }),
  failures: { 404: "The bot has no such tag or reason." },
});

const seconds = z.coerce.number().int().min(0);

const report = apiGet({
  path: "/labels",
  tag: "operations",
  summary: "Ended sessions counted by tag and by close reason",
  description: "`from` and `to` are Unix seconds, both inclusive; by default the 7 days up to now.",
  query: z
    .object({ from: seconds.optional(), to: seconds.optional() })
    .refine((r) => reportRange(r).from <= reportRange(r).to, {
      path: ["from"],
      message: "must not be after to",
    }),
  data: reportSchema,
});

export function labelRoutes(s: HttpServices) {
  return routes()
    .serve(list, async (c) => ok(c, await labelLists(s.store, c.get("bot").id)))
    .serve(create, async (c) => {
      const bot = c.get("bot");
      const p = c.req.valid("json");
      const created = await withAudit(
        s.store,
        (tx) => tx.labels.add(bot.id, p.kind, p.name, Date.now()),
        (made) => (made ? byBot(bot.id, "label_create", `${p.kind}:${p.name}`) : null),
      );
      return ok(c, { kind: p.kind, name: p.name, created });
    })
    .serve(remove, async (c) => {
      const bot = c.get("bot");
      const p = c.req.valid("json");
      const removed = await withAudit(
        s.store,
        (tx) => tx.labels.remove(bot.id, p.kind, p.name),
        (gone) => (gone ? byBot(bot.id, "label_delete", `${p.kind}:${p.name}`) : null),
      );
      if (!removed) throw new DeskError("notFound", `no ${p.kind} "${p.name}"`);
      return ok(c, { kind: p.kind, name: p.name });
    });
}

export function labelReportRoutes(s: HttpServices) {
  return routes().serve(report, async (c) =>
    ok(c, await labelReport(s.store, c.get("bot").id, c.req.valid("query"))),
  );
}
