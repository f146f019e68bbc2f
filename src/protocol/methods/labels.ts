// get_labels, save_label, delete_label, tag_session, get_label_report (issue 17).
import { checkLabels, labelLists, labelReport } from "../../desk/labels";
import { DeskError } from "../../errors";
import type { Params, Result } from "../../wire/requests";
import type { AuthedCtx } from "../context";

export async function getLabels(ctx: AuthedCtx): Promise<Result<"get_labels">> {
  return { data: await labelLists(ctx.store, ctx.actor.botId) };
}

export async function saveLabel(
  ctx: AuthedCtx,
  p: Params<"save_label">,
): Promise<Result<"save_label">> {
  const created = await ctx.store.labels.add(ctx.actor.botId, p.kind, p.name, Date.now());
  return { kind: p.kind, name: p.name, created: created ? 1 : 0 };
}

export async function deleteLabel(
  ctx: AuthedCtx,
  p: Params<"delete_label">,
): Promise<Result<"delete_label">> {
  if (!(await ctx.store.labels.remove(ctx.actor.botId, p.kind, p.name))) {
    throw new DeskError("notFound", `no ${p.kind} "${p.name}"`);
  }
  return { kind: p.kind, name: p.name };
}

/** Sets the tags of the caller's session with the user (any agent of the bot sees them). */
export async function tagSession(
  ctx: AuthedCtx,
  p: Params<"tag_session">,
): Promise<Result<"tag_session">> {
  const tags = await checkLabels(ctx.store, ctx.actor.botId, "tag", p.tags);
  const s = await ctx.store.sessions.open(ctx.actor.botId, p.userid);
  if (s?.state !== "active") throw new DeskError("notFound", `no active session with ${p.userid}`);
  if (s.agentId !== ctx.actor.agentId) {
    throw new DeskError("conflict", `user ${p.userid} is served by agent ${s.agentId}`);
  }
  await ctx.store.labels.setTags(ctx.actor.botId, s.id, tags);
  return { userid: p.userid, session_id: s.id, tags };
}

export async function getLabelReport(
  ctx: AuthedCtx,
  p: Params<"get_label_report">,
): Promise<Result<"get_label_report">> {
  return { data: await labelReport(ctx.store, ctx.actor.botId, p) };
}
