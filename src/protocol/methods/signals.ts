// send_typing, mark_read (issue 17): an agent's typing and read state, to the bot.
import type { Params, Result } from "../../wire/requests";
import type { AuthedCtx } from "../context";

export async function sendTyping(
  ctx: AuthedCtx,
  p: Params<"send_typing">,
): Promise<Result<"send_typing">> {
  const sent = await ctx.signals.agentTyping(ctx.actor, p.userid, p.typing);
  return { userid: p.userid, sent: sent ? 1 : 0 };
}

export async function markRead(
  ctx: AuthedCtx,
  p: Params<"mark_read">,
): Promise<Result<"mark_read">> {
  const sent = await ctx.signals.agentRead(ctx.actor, p.userid, p.read_to);
  return { userid: p.userid, read_to: p.read_to, sent: sent ? 1 : 0 };
}
