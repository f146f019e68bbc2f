// Who calls an HTTP route (issue 16): the bot's api key reaches every /api route, as the
// contract says; a supervisor's or admin's credential (console session or `kft_` token)
// reaches the routes its role allows (desk/permissions.ts) and acts in its own bot; an
// `agent`'s is no api key (401). A refusal names no data.
import type { MiddlewareHandler } from "hono";
import { agentByCredential } from "../desk/credentials";
import { atLeast, mayReach } from "../desk/permissions";
import { DeskError } from "../errors";
import type { Stores } from "../store/stores";
import type { AppEnv } from "./env";

const bearer = (header: string | undefined) => /^Bearer\s+(\S+)$/i.exec(header ?? "")?.[1];

/** The /api gate: an api key, or an agent whose role reaches the route. */
export function apiCaller(store: Stores): MiddlewareHandler<AppEnv> {
  return async (c, next) => {
    const key = bearer(c.req.header("authorization"));
    const bot = key ? await store.identity.botByApiKey(key) : null;
    if (bot) {
      c.set("bot", bot);
      c.set("agent", null);
      return next();
    }
    const refusal = "a valid api key is required: Authorization: Bearer <api_key>";
    await asAgent(store, key, c.set.bind(c), refusal);
    const agent = c.get("agent");
    // No /api route is an `agent`'s: its token is no api key, as before roles (401).
    if (agent && !atLeast(agent.role, "supervisor")) throw new DeskError("unauthorized", refusal);
    if (agent && !mayReach(agent.role, c.req.method, c.req.path))
      throw new DeskError(
        "forbidden",
        `forbidden: your role (${agent.role}) does not reach this route`,
      );
    return next();
  };
}

/** The /auth gate: an agent's credential only. */
export function agentCaller(store: Stores): MiddlewareHandler<AppEnv> {
  return async (c, next) => {
    await asAgent(
      store,
      bearer(c.req.header("authorization")),
      c.set.bind(c),
      "an agent's console session or token is required: Authorization: Bearer <token>",
    );
    const agent = c.get("agent");
    if (agent && !mayReach(agent.role, c.req.method, c.req.path))
      throw new DeskError(
        "forbidden",
        `forbidden: your role (${agent.role}) does not reach this route`,
      );
    return next();
  };
}

async function asAgent(
  store: Stores,
  key: string | undefined,
  set: <K extends "bot" | "agent">(k: K, v: AppEnv["Variables"][K]) => void,
  refusal: string,
): Promise<void> {
  const credential = key ? await agentByCredential(store, key, Date.now()) : null;
  const bot = credential ? await store.identity.getBot(credential.agent.botId) : null;
  if (!credential || !bot) throw new DeskError("unauthorized", refusal);
  set("bot", bot);
  set("agent", credential.agent);
}
