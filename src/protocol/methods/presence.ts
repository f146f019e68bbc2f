// login, logout, set_customer_status, set_auto_connect_status (seed sections 3, 4, 5, 7).

import { agentByCredential } from "../../desk/credentials";
import { ROLES } from "../../desk/permissions";
import type { OnlineAgent } from "../../desk/presence";
import { STATUS } from "../../desk/routing";
import { CLOSE, DeskError } from "../../errors";
import { hashSecret } from "../../secrets";
import { withAudit } from "../../store/stores";
import { push } from "../../wire/pushes";
import type { Params, Result } from "../../wire/requests";
import { auditEntry, audited } from "../audit";
import type { AuthedCtx, Ctx } from "../context";

/**
 * Failed logins slow down, then close the connection: the first waits `firstMs`
 * (KEFU_LOGIN_BACKOFF_MS), each next one twice as long, up to 16 times the first.
 */
const LOGIN_FAILURES_BEFORE_CLOSE = 5;
const loginDelayMs = (firstMs: number, failures: number) =>
  firstMs * Math.min(16, 2 ** (failures - 1));

/** A console session's connection closes when the session expires, as a revoked token's does. */
async function closeAtExpiry({ conn, store }: Ctx, sessionHash: string): Promise<void> {
  const expiresAt = await store.access.sessionExpiresAt(sessionHash);
  if (expiresAt === null || conn.closed) return;
  conn.sessionTimer = setTimeout(
    () => conn.ws?.close(CLOSE.tokenRevoked, "session expired"),
    Math.max(0, expiresAt - Date.now()),
  );
}

export async function login(ctx: Ctx, p: Params<"login">): Promise<Result<"login">> {
  const { conn, store, presence, hub, lifecycle, config } = ctx;
  if (conn.actor) throw new DeskError("conflict", "this connection is already logged in");
  const credential = await agentByCredential(store, p.token, Date.now());
  if (!credential) {
    conn.failedLogins++;
    await Bun.sleep(loginDelayMs(config.loginBackoffMs, conn.failedLogins));
    if (conn.failedLogins >= LOGIN_FAILURES_BEFORE_CLOSE) {
      ctx.after(() => conn.ws?.close(CLOSE.tooManyFailedLogins, "too many failed logins"));
    }
    throw new DeskError("invalidToken");
  }

  const { agent } = credential;
  const actor = { agentId: agent.id, botId: agent.botId };
  // A console session is closed as its agent's token is: disabling the agent or resetting
  // its password rotates the token, and the token watch closes both kinds.
  const tokenHash =
    credential.via === "token" ? hashSecret(p.token) : await store.access.tokenHashOf(agent.id);
  // Named the agent's before the claim: a login racing this one may kick it at once.
  conn.actor = actor;
  conn.tokenHash = tokenHash;
  // The constant rather than the row's copy: one string fewer for each idle connection.
  conn.role = ROLES.find((r) => r === agent.role) ?? agent.role;
  let replaced: OnlineAgent | null;
  try {
    replaced = await lifecycle.login(agent, conn.clientId, p.force_online === true, (r) =>
      auditEntry(actor, "login", `agent:${agent.id}`, {
        client_id: conn.clientId,
        replaced: r ? 1 : 0,
      }),
    );
  } catch (err) {
    conn.actor = null;
    conn.tokenHash = null;
    throw err;
  }
  // Closed before the claim landed (a presence elsewhere answers after the close), the close
  // found nothing to release: released here. Otherwise the close has released it already.
  if (conn.closed && conn.ending !== "replaced") await lifecycle.left(actor, conn.clientId, "drop");
  // Replaced by a forced login while this one was writing: it must not hear the bot.
  if (conn.ending !== "replaced") await hub.join(conn.clientId, agent.botId);
  // Let go of the timer, not only stopped: with its callback it is a third of what an idle
  // connection would keep otherwise.
  if (conn.loginTimer) clearTimeout(conn.loginTimer);
  conn.loginTimer = null;
  if (credential.via === "session") await closeAtExpiry(ctx, hashSecret(p.token));

  ctx.after(() => lifecycle.announce(agent, replaced));
  const online = (await presence.list(agent.botId)).filter((a) => a.status !== STATUS.offline);
  return {
    head_img: agent.headImg,
    timestamp: Math.floor(Date.now() / 1000),
    customer_list: online.map((a) => ({
      customer_id: a.agentId,
      customer_name: a.name,
      head_img: a.headImg,
      status: a.status,
    })),
    customer_id: agent.id,
    customer_name: agent.name,
    bid: agent.botId,
    client_id: conn.clientId,
    status: STATUS.online,
    auto_connect: agent.autoConnect ? 1 : 0,
  };
}

export async function logout(ctx: AuthedCtx): Promise<Result<"logout">> {
  await audited(ctx, "logout", `agent:${ctx.actor.agentId}`);
  ctx.conn.ending = "logout";
  ctx.after(() => ctx.conn.ws?.close(CLOSE.normal, "logged out"));
  return {};
}

export async function setCustomerStatus(
  ctx: AuthedCtx,
  p: Params<"set_customer_status">,
): Promise<Result<"set_customer_status">> {
  const me = await ctx.presence.get(ctx.actor.agentId);
  if (!me) throw new DeskError("unauthorized");
  await withAudit(
    ctx.store,
    (tx) => tx.identity.setAgentStatus(me.agentId, p.status),
    () => auditEntry(me, "status", `agent:${me.agentId}`, { status: p.status }),
  );
  await ctx.presence.setStatus(me.agentId, p.status);
  ctx.after(async () => {
    await ctx.hub.toBot(
      me.botId,
      push.status({ agentId: me.agentId, name: me.name, status: p.status }),
      {
        agentId: me.agentId,
      },
    );
    await ctx.desk.fill(me.agentId);
  });
  return { status: p.status };
}

export async function setAutoConnectStatus(
  ctx: AuthedCtx,
  p: Params<"set_auto_connect_status">,
): Promise<Result<"set_auto_connect_status">> {
  const me = await ctx.presence.get(ctx.actor.agentId);
  if (!me) throw new DeskError("unauthorized");
  await withAudit(
    ctx.store,
    (tx) => tx.identity.setAutoConnect(me.agentId, p.status === 1),
    () => auditEntry(me, "auto_connect", `agent:${me.agentId}`, { status: p.status }),
  );
  await ctx.presence.setAutoConnect(me.agentId, p.status === 1);
  ctx.after(() => ctx.desk.fill(me.agentId));
  return { status: p.status };
}
