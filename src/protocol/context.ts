// What a protocol handler is given, and the shape of the method table.
import type { Assistant } from "../assistant/assistant";
import type { Config } from "../config";
import type { Actor, Desk } from "../desk/desk";
import type { Hub } from "../desk/hub";
import type { Presence } from "../desk/presence";
import { DeskError } from "../errors";
import type { OpsStore } from "../store/ops-store";
import type { Store } from "../store/store";
import type { Connection } from "./connection";
import type { Method, Params } from "./frames";

export interface Services {
  config: Config;
  store: Store;
  ops: OpsStore;
  desk: Desk;
  presence: Presence;
  hub: Hub;
  assistant: Assistant;
}

export interface Ctx extends Services {
  conn: Connection;
  /** Runs after the reply is sent (pushes that must follow it, closing the connection). */
  after(fn: () => unknown): void;
}

export interface AuthedCtx extends Ctx {
  actor: Actor;
}

/** A reply's fields beyond `method`, `code` and `msg`. */
export type Reply = Record<string, unknown>;

/** One handler per method; a missing one is a compile error. Only login runs logged out. */
export type MethodTable = {
  [M in Method]: (ctx: M extends "login" ? Ctx : AuthedCtx, params: Params<M>) => Promise<Reply>;
};

/** A `bid` in a frame must be the caller's own. */
export function checkBid(actor: Actor, bid: number | undefined): void {
  if (bid !== undefined && bid !== actor.botId) throw new DeskError("forbidden");
}

/** An agent named in a frame: 404 if there is none, 403 if it belongs to another bot. */
export async function agentOfMyBot(ctx: AuthedCtx, customerId: number) {
  const agent = await ctx.store.getAgent(customerId);
  if (!agent) throw new DeskError("notFound", `no agent ${customerId}`);
  if (agent.botId !== ctx.actor.botId) throw new DeskError("forbidden");
  return agent;
}
