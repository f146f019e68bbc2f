// The key fixes the bot (CONTRACT.md, "The bot backend's HTTP API"): a `bid` in a JSON body
// or in the query must be the key's own bot, on every route. Checked once here, so a route
// that does not read `bid` still refuses another tenant's instead of quietly acting on its own.
import type { MiddlewareHandler } from "hono";
import { DeskError } from "../errors";
import { id } from "../wire/fields";
import type { AppEnv } from "./env";
import { JSON_TYPE } from "./validate";

export const sameBot: MiddlewareHandler<AppEnv> = async (c, next) => {
  const named: unknown[] = [c.req.query("bid")];
  if (JSON_TYPE.test(c.req.header("content-type") ?? "")) {
    // Hono caches the body, so the route's validator reads it again for free. A body that is
    // not JSON is the validator's to refuse (400); a body over the limit still fails (413).
    const body: unknown = await c.req.json().catch((err: unknown) => {
      if (err instanceof SyntaxError) return null;
      throw err;
    });
    if (typeof body === "object" && body !== null && !Array.isArray(body) && "bid" in body) {
      named.push(body.bid);
    }
  }
  const own = c.get("bot").id;
  for (const bid of named) {
    const parsed = id.safeParse(bid);
    if (parsed.success && parsed.data !== own) throw new DeskError("forbidden");
  }
  await next();
};
