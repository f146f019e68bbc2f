// What a protocol handler is given, and the shape of the method table.
import type { Assistant } from "../assistant/assistant";
import type { Config } from "../config";
import type { Actor, Desk } from "../desk/desk";
import type { Hub } from "../desk/hub";
import type { AgentLifecycle } from "../desk/lifecycle";
import { readsOnlyOwn } from "../desk/permissions";
import type { Presence } from "../desk/presence";
import type { Signals } from "../desk/signals";
import { DeskError } from "../errors";
import type { OpsStore } from "../store/operations";
import type { Stores } from "../store/stores";
import type { Method, Params, Result } from "../wire/requests";
import type { Connection } from "./connection";

export interface Services {
  config: Config;
  store: Stores;
  ops: OpsStore;
  desk: Desk;
  presence: Presence;
  lifecycle: AgentLifecycle;
  hub: Hub;
  assistant: Assistant;
  signals: Signals;
  /** Subscribes a connection to board_push (board-watch.ts); absent: no live board. */
  watchBoard?(conn: Connection): void;
  /** A change the board shows that no push carries (an agent's reply). */
  boardChanged?(botId: number): void;
}

/** Work started in the background: its end, and for work that may wait, a way to start it now. */
export interface Background {
  done: Promise<unknown>;
  hurry?(): void;
}

export interface Ctx extends Services {
  conn: Connection;
  /** Runs after the reply is sent (pushes that must follow it, closing the connection). */
  after(fn: () => unknown): void;
  /**
   * Starts after the reply and the `after` steps, without holding up the connection's next
   * frames of the same method; a frame of any other method hurries it and waits for it.
   * Consecutive replies are not held up by the learning of each, and what the agent asks
   * next sees it.
   */
  background(fn: () => Background): void;
}

export interface AuthedCtx extends Ctx {
  actor: Actor;
}

/**
 * One handler per method, returning that method's result (wire/requests.ts): a missing
 * handler, or one that returns another shape, is a compile error. Only login runs logged out.
 */
export type MethodTable = {
  [M in Method]: (
    ctx: M extends "login" ? Ctx : AuthedCtx,
    params: Params<M>,
  ) => Promise<Result<M>>;
};

/** A `bid` in a frame must be the caller's own. */
export function checkBid(actor: Actor, bid: number | undefined): void {
  if (bid !== undefined && bid !== actor.botId) throw new DeskError("forbidden");
}

/**
 * A user the caller may read (desk/permissions.ts): any of its bot for a supervisor or admin;
 * for an `agent`, one waiting now or one it has served. Anything else is 403, naming nothing.
 */
export async function mayReadUser(ctx: AuthedCtx, userid: string): Promise<void> {
  if (!readsOnlyOwn(ctx.conn.role)) return;
  const { agentId, botId } = ctx.actor;
  const open = await ctx.store.sessions.open(botId, userid);
  if (open?.state === "waiting" || open?.agentId === agentId) return;
  if (await ctx.store.access.servedUser(agentId, botId, userid)) return;
  throw new DeskError("forbidden", "forbidden: not a user you served");
}

/** Another agent's conversations are a supervisor's to read. */
export function mayReadAgent(ctx: AuthedCtx, agentId: number): void {
  if (agentId !== ctx.actor.agentId && readsOnlyOwn(ctx.conn.role))
    throw new DeskError(
      "forbidden",
      "forbidden: another agent's conversations need the supervisor role",
    );
}

/** An agent named in a frame: 404 if there is none, 403 if it belongs to another bot. */
export async function agentOfMyBot(ctx: AuthedCtx, customerId: number) {
  const agent = await ctx.store.identity.getAgent(customerId);
  if (!agent) throw new DeskError("notFound", `no agent ${customerId}`);
  if (agent.botId !== ctx.actor.botId) throw new DeskError("forbidden");
  return agent;
}
