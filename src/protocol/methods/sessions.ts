// connect, disconnect, transform, send_to_user (seed sections 8, 9, 10, 12).

import { checkLabels } from "../../desk/labels";
import { push } from "../../wire/pushes";
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
  const { botId } = ctx.actor;
  const tags =
    p.tags === undefined ? undefined : await checkLabels(ctx.store, botId, "tag", p.tags);
  const [reason] =
    p.close_reason === undefined
      ? []
      : await checkLabels(ctx.store, botId, "reason", [p.close_reason]);
  await ctx.desk.disconnect(ctx.actor, p.userid, audit, {
    ...(tags === undefined ? {} : { tags }),
    ...(reason === undefined ? {} : { reason }),
  });
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
  const note = p.note === undefined ? undefined : await handOverNote(ctx, p.userid, p.note, p);
  return {
    userid: p.userid,
    ...(p.customer_id === undefined ? {} : { customer_id: p.customer_id }),
    ...(p.group === undefined ? {} : { group: p.group }),
    ...(note === undefined ? {} : { note }),
  };
}

/**
 * The sender's note, once the user has moved: a line in the history ("Transferred from A to
 * B: ..."), kept as an internal note (never sent to the bot) and pushed to the bot's other
 * agents, the receiver among them, as note_push.
 */
async function handOverNote(
  ctx: AuthedCtx,
  userid: string,
  said: string,
  to: { customer_id?: number; group?: string },
): Promise<string> {
  const { agentId, botId } = ctx.actor;
  const name = async (id: number) => (await ctx.store.identity.getAgent(id))?.name ?? `#${id}`;
  const where =
    to.customer_id !== undefined
      ? ` to ${await name(to.customer_id)}`
      : to.group !== undefined
        ? ` to the group ${to.group}`
        : " to the queue";
  const text = `Transferred from ${await name(agentId)}${where}: ${said}`;
  const note = await ctx.ops.addNote({ botId, userid, agentId, text, now: Date.now() });
  if (note) {
    const timestamp = Math.floor(note.createdAt / 1000);
    ctx.after(() => ctx.hub.toBot(botId, push.note(userid, agentId, text, timestamp), { agentId }));
  }
  return text;
}

export async function sendToUser(
  ctx: AuthedCtx,
  p: Params<"send_to_user">,
): Promise<Result<"send_to_user">> {
  const counts = await ctx.desk.sendToUser(ctx.actor, p.userid, p.message);
  // The reply answers the user's last question: the assistant may keep it for next time.
  // In the background: the agent's next reply need not wait for the learning's commit.
  if (counts.success > 0) {
    const { assistant, actor } = ctx;
    const learning = assistant.learn;
    if (learning) ctx.background(() => learning({ botId: actor.botId, userid: p.userid }));
    ctx.after(() => ctx.boardChanged?.(ctx.actor.botId));
  }
  return { userid: p.userid, data: { failure: counts.failure, success: counts.success } };
}
