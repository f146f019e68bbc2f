// /api/user/profile: what get_user_info returns to agents.
import { Hono } from "hono";
import { z } from "zod";
import { boundedJson } from "../json-bounds";
import { id, userid } from "../wire/fields";
import { profileFields } from "../wire/profile";
import { type AppEnv, type HttpServices, ok } from "./env";
import { json } from "./validate";

export function userRoutes(s: HttpServices) {
  return new Hono<AppEnv>().post(
    "/profile",
    json(boundedJson(z.looseObject({ bid: id.optional(), userid, ...profileFields }))),
    async (c) => {
      const bot = c.get("bot");
      // `bid` was checked against the key by the bot-scope middleware (bot-scope.ts).
      const { bid: _, userid: uid, ...fields } = c.req.valid("json");
      await s.store.identity.upsertProfile(bot.id, uid, fields, Date.now());
      return ok(c, await s.store.identity.getUser(bot.id, uid));
    },
  );
}
