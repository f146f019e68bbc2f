// login, logout, set_customer_status, set_auto_connect_status (seed sections 3, 4, 5, 7).

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

export async function login(ctx: Ctx, p: Params<"login">): Promise<Result<"login">> {
  const { conn, store, presence, hub, config } = ctx;
  if (conn.actor) throw new DeskError("conflict", "this connection is already logged in");
  const agent = await store.identity.agentByToken(p.token);
  if (!agent) {
    conn.failedLogins++;
    await Bun.sleep(loginDelayMs(config.loginBackoffMs, conn.failedLogins));
    if (conn.failedLogins >= LOGIN_FAILURES_BEFORE_CLOSE) {
      ctx.after(() => conn.ws?.close(CLOSE.tooManyFailedLogins, "too many failed logins"));
    }
    throw new DeskError("invalidToken");
  }

  // Decided and claimed with no await in between: of logins of one agent racing on several
  // connections, each sees the one claimed before it (490, or replaces it with force_online).
  const previous = presence.get(agent.id);
  if (previous && !p.force_online) throw new DeskError("loggedInElsewhere");
  presence.add({
    agentId: agent.id,
    botId: agent.botId,
    name: agent.name,
    headImg: agent.headImg,
    status: STATUS.online,
    autoConnect: agent.autoConnect,
    clientId: conn.clientId,
  });
  const actor = { agentId: agent.id, botId: agent.botId };
  conn.actor = actor;
  conn.tokenHash = hashSecret(p.token);
  // Claimed first, so that a login racing this one already sees this connection as the one
  // to replace; the kick names the old connection by client id, as the agent's is now this.
  if (previous)
    await hub.disconnect(agent.id, CLOSE.replaced, "logged in elsewhere", previous.clientId);
  try {
    const loginAudit = auditEntry(actor, "login", `agent:${agent.id}`, {
      client_id: conn.clientId,
      replaced: previous ? 1 : 0,
    });
    await withAudit(
      store,
      (tx) => tx.identity.setAgentStatus(agent.id, STATUS.online),
      () => loginAudit,
    );
  } catch (err) {
    presence.release(agent.id, conn.clientId);
    conn.actor = null;
    conn.tokenHash = null;
    throw err;
  }
  // Replaced by a forced login while this one was writing: it must not hear the bot.
  if (conn.ending !== "replaced") await hub.join(conn.clientId, agent.botId);
  if (conn.loginTimer) clearTimeout(conn.loginTimer);

  ctx.after(async () => {
    // Closed while logging in, and nobody took its place: the close handler said goodbye.
    if (!presence.get(agent.id)) return;
    const others = { agentId: agent.id };
    if (!previous)
      await hub.toBot(agent.botId, push.login({ agentId: agent.id, name: agent.name }), others);
    // A forced login replaces a connection that may have shown another status: login is 1.
    else if (previous.status !== STATUS.online) {
      await hub.toBot(
        agent.botId,
        push.status({ agentId: agent.id, name: agent.name, status: STATUS.online }),
        others,
      );
    }
    await ctx.desk.agentArrived(agent.id);
  });
  return {
    head_img: agent.headImg,
    timestamp: Math.floor(Date.now() / 1000),
    customer_list: presence
      .ofBot(agent.botId)
      .filter((a) => a.status !== STATUS.offline)
      .map((a) => ({
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
  const me = ctx.presence.get(ctx.actor.agentId);
  if (!me) throw new DeskError("unauthorized");
  await withAudit(
    ctx.store,
    (tx) => tx.identity.setAgentStatus(me.agentId, p.status),
    () => auditEntry(me, "status", `agent:${me.agentId}`, { status: p.status }),
  );
  me.status = p.status;
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
  const me = ctx.presence.get(ctx.actor.agentId);
  if (!me) throw new DeskError("unauthorized");
  await withAudit(
    ctx.store,
    (tx) => tx.identity.setAutoConnect(me.agentId, p.status === 1),
    () => auditEntry(me, "auto_connect", `agent:${me.agentId}`, { status: p.status }),
  );
  me.autoConnect = p.status === 1;
  ctx.after(() => ctx.desk.fill(me.agentId));
  return { status: p.status };
}
