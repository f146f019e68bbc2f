// get_summary and get_kb_missed (issue 20): the assistant's help around the handoff, for the
// caller's bot only.
import { summaries } from "../../assistant/summarise";
import { DeskError } from "../../errors";
import type { Params, Result } from "../../wire/requests";
import { type AuthedCtx, checkBid, mayReadUser } from "../context";

const DAY_MS = 86_400_000;

export async function getSummary(
  ctx: AuthedCtx,
  p: Params<"get_summary">,
): Promise<Result<"get_summary">> {
  const botId = ctx.actor.botId;
  if (!(await ctx.store.identity.getUser(botId, p.userid))) {
    throw new DeskError("notFound", `no user ${p.userid}`);
  }
  await mayReadUser(ctx, p.userid);
  const input = { botId, userid: p.userid, ...(p.stage ? { stage: p.stage } : {}) };
  // An assistant that does not summarise still gets the extract.
  const data = ctx.assistant.summary
    ? await ctx.assistant.summary(input)
    : await summaries(ctx.store.history, null)(input);
  return { userid: p.userid, data };
}

export async function getKbMissed(
  ctx: AuthedCtx,
  p: Params<"get_kb_missed">,
): Promise<Result<"get_kb_missed">> {
  checkBid(ctx.actor, p.bid);
  const since = Date.now() - p.days * DAY_MS;
  const list = (await ctx.assistant.missed?.(ctx.actor.botId, since)) ?? [];
  return { data: { list } };
}
