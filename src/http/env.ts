// What every HTTP route is given: the services, and the bot that the api key named.
import type { Context } from "hono";
import type { Config } from "../config";
import type { Desk } from "../desk/desk";
import type { Hub } from "../desk/hub";
import type { Presence } from "../desk/presence";
import type { Signals } from "../desk/signals";
import type { Agent, Bot } from "../model/desk";
import type { AuditInput } from "../model/operations";
import type { OpsStore } from "../store/operations";
import type { Stores } from "../store/stores";

export interface HttpServices {
  config: Config;
  store: Stores;
  ops: OpsStore;
  desk: Desk;
  presence: Presence;
  hub: Hub;
  signals: Signals;
}

export interface AppEnv {
  /** `agent`: the agent whose credential called (issue 16); null: the bot's api key. */
  Variables: { bot: Bot; agent: Agent | null; requestId: string };
}

/** The audit entry of a change made over HTTP: the calling agent's, else the bot's. */
export function byCaller(
  c: Context<AppEnv>,
  action: string,
  target: string,
  details?: Record<string, unknown>,
): AuditInput {
  const bot = c.get("bot");
  const agent = c.get("agent");
  const entry = byBot(bot.id, action, target, details);
  return agent ? { ...entry, actorType: "agent", actorId: agent.id } : entry;
}

/** The audit entry of an admin change made by the bot backend (its api key). */
export function byBot(
  botId: number,
  action: string,
  target: string,
  details?: Record<string, unknown>,
): AuditInput {
  return {
    botId,
    actorType: "bot",
    actorId: botId,
    action,
    target,
    ...(details ? { details } : {}),
    now: Date.now(),
  };
}

/** The contract's success shape (openapi-route.ts, okBody). */
export function ok<T>(c: Context<AppEnv>, data: T) {
  return c.json({ code: 0 as const, msg: "ok" as const, data }, 200);
}
