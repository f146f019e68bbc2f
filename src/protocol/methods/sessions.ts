// connect, disconnect, transform, send_to_user (seed sections 8, 9, 10, 12).

import type { Params, Result } from "../../wire/requests";
import { auditEntry } from "../audit";
import type { AuthedCtx } from "../context";
import { agentOfMyBot } from "../context";

export async function connect(ctx: AuthedCtx, p: Params<"connect">): Promise<Result<"connect">> {
  await ctx.desk.connect(ctx.actor, p.userid, auditEntry(ctx.actor, "connect", `user:${p.userid}`));
  return { userid: p.userid };
}

export async function disconnect(
  ctx: AuthedCtx,
  p: Params<"disconnect">,
): Promise<Result<"disconnect">> {
  const audit = auditEntry(ctx.actor, "disconnect", `user:${p.userid}`);
  await ctx.desk.disconnect(ctx.actor, p.userid, audit);
  return { userid: p.userid };
}

export async function transform(
  ctx: AuthedCtx,
  p: Params<"transform">,
): Promise<Result<"transform">> {
  if (p.customer_id !== undefined) await agentOfMyBot(ctx, p.customer_id);
  const audit = auditEntry(ctx.actor, "transfer", `user:${p.userid}`, {
    customer_id: p.customer_id ?? null,
    group: p.group ?? null,
  });
  await ctx.desk.transform(
    ctx.actor,
    p.userid,
    {
      ...(p.customer_id === undefined ? {} : { agentId: p.customer_id }),
      ...(p.group === undefined ? {} : { group: p.group }),
    },
    audit,
  );
  return {
    userid: p.userid,
    ...(p.customer_id === undefined ? {} : { customer_id: p.customer_id }),
    ...(p.group === undefined ? {} : { group: p.group }),
  };
}

export async function sendToUser(
  ctx: AuthedCtx,
  p: Params<"send_to_user">,
): Promise<Result<"send_to_user">> {
  const counts = await ctx.desk.sendToUser(ctx.actor, p.userid, p.message);
  // The reply answers the user's last question: the assistant may keep it for next time.
  if (counts.success > 0) {
    ctx.after(() => ctx.assistant.learn?.({ botId: ctx.actor.botId, userid: p.userid }));
    ctx.after(() => ctx.boardChanged?.(ctx.actor.botId));
  }
  return { userid: p.userid, data: { failure: counts.failure, success: counts.success } };
}
