// /api/user/profile: what get_user_info returns to agents.
import { z } from "zod";
import { DeskError } from "../errors";
import { boundedJson } from "../json-bounds";
import { id, userid } from "../wire/fields";
import { profileFields, userInfo } from "../wire/profile";
import { type HttpServices, ok } from "./env";
import { apiPost, routes } from "./openapi-route";

const profile = apiPost({
  path: "/profile",
  tag: "users",
  summary: "Store a user's profile: the seed's fields checked, your own kept as given",
  body: boundedJson(z.looseObject({ bid: id.optional(), userid, ...profileFields })),
  data: userInfo,
});

export function userRoutes(s: HttpServices) {
  return routes().serve(profile, async (c) => {
    const bot = c.get("bot");
    // `bid` was checked against the key by the bot-scope middleware (bot-scope.ts).
    const { bid: _, userid: uid, ...fields } = c.req.valid("json");
    await s.store.identity.upsertProfile(bot.id, uid, fields, Date.now());
    const stored = await s.store.identity.getUser(bot.id, uid);
    // The upsert above has just made the user, so there is one.
    if (!stored) throw new DeskError("internal");
    return ok(c, stored);
  });
}
