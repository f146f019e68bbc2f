// connect, disconnect, transform, send_to_user (seed sections 8, 9, 10, 12).
import { audited } from "../audit";
import type { AuthedCtx, Reply } from "../context";
import { agentOfMyBot } from "../context";
import type { Params } from "../frames";

export async function connect(ctx: AuthedCtx, p: Params<"connect">): Promise<Reply> {
  await ctx.desk.connect(ctx.actor, p.userid);
  await audited(ctx, "connect", `user:${p.userid}`);
  return { userid: p.userid };
}

export async function disconnect(ctx: AuthedCtx, p: Params<"disconnect">): Promise<Reply> {
  await ctx.desk.disconnect(ctx.actor, p.userid);
  await audited(ctx, "disconnect", `user:${p.userid}`);
  return { userid: p.userid };
}

export async function transform(ctx: AuthedCtx, p: Params<"transform">): Promise<Reply> {
  if (p.customer_id !== undefined) await agentOfMyBot(ctx, p.customer_id);
  await ctx.desk.transform(ctx.actor, p.userid, {
    ...(p.customer_id === undefined ? {} : { agentId: p.customer_id }),
    ...(p.group === undefined ? {} : { group: p.group }),
  });
  await audited(ctx, "transfer", `user:${p.userid}`, {
    customer_id: p.customer_id ?? null,
    group: p.group ?? null,
  });
  return {
    userid: p.userid,
    ...(p.customer_id === undefined ? {} : { customer_id: p.customer_id }),
    ...(p.group === undefined ? {} : { group: p.group }),
  };
}

export async function sendToUser(ctx: AuthedCtx, p: Params<"send_to_user">): Promise<Reply> {
  const counts = await ctx.desk.sendToUser(ctx.actor, p.userid, p.message);
  // The reply answers the user's last question: the assistant may keep it for next time.
  if (counts.success > 0) {
    ctx.after(() => ctx.assistant.learn?.({ botId: ctx.actor.botId, userid: p.userid }));
  }
  return { userid: p.userid, data: { failure: counts.failure, success: counts.success } };
}
