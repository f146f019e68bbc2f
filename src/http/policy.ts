// GET and POST /api/bot/policy (issue 18): the bot's desk policy, read and changed by its
// own api key; a change is audited as the bot's.
import { z } from "zod";
import { changePolicy } from "../desk/policy";
import { DeskError } from "../errors";
import { botPolicy, policyChange } from "../wire/policy";
import { type HttpServices, ok } from "./env";
import { apiGet, apiPost, routes } from "./openapi-route";

const tag = "bot";

const read = apiGet({
  path: "/policy",
  tag,
  summary: "The bot's desk policy: retention, returning users",
  query: z.object({}),
  data: botPolicy,
});

const change = apiPost({
  path: "/policy",
  tag,
  summary: "Change the bot's desk policy: fields given replace the stored ones, null turns one off",
  body: policyChange,
  data: botPolicy,
});

export function policyRoutes(s: HttpServices) {
  return routes()
    .serve(read, async (c) => {
      const current = await s.store.policy.get(c.get("bot").id);
      if (!current) throw new DeskError("notFound", "no such bot");
      return ok(c, current.policy);
    })
    .serve(change, async (c) => {
      const bot = c.get("bot");
      const actor = { type: "bot" as const, id: bot.id };
      const policy = await changePolicy(s.store, bot.id, c.req.valid("json"), actor, Date.now());
      if (!policy) throw new DeskError("notFound", "no such bot");
      return ok(c, policy);
    });
}
