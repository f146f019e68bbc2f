// board_list, whisper, take_over, reassign, end_session (issue 16): the supervisor's board
// and actions. board_list also subscribes the connection to board_push (board-watch.ts).
import { buildBoard } from "../../desk/board";
import { supervise } from "../../desk/supervise";
import { DeskError } from "../../errors";
import { push } from "../../wire/pushes";
import type { Params, Result } from "../../wire/requests";
import { auditEntry } from "../audit";
import { type AuthedCtx, agentOfMyBot } from "../context";

const seconds = (ms: number) => Math.floor(ms / 1000);

export async function boardList(ctx: AuthedCtx): Promise<Result<"board_list">> {
  ctx.watchBoard?.(ctx.conn);
  return {
    data: await buildBoard(ctx.store, ctx.presence, ctx.actor.botId, ctx.config.firstReplyS),
  };
}

/** A note the bot's agents see in the conversation; never the user, never the bot. */
export async function whisper(ctx: AuthedCtx, p: Params<"whisper">): Promise<Result<"whisper">> {
  const { agentId, botId } = ctx.actor;
  const note = await ctx.store.transaction(async (tx) => {
    const made = await tx.ops.addNote({
      botId,
      userid: p.userid,
      agentId,
      text: p.text,
      now: Date.now(),
    });
    if (made) await tx.ops.audit(auditEntry(ctx.actor, "whisper", `user:${p.userid}`));
    return made;
  });
  if (!note) throw new DeskError("notFound", `no user ${p.userid}`);
  const timestamp = seconds(note.createdAt);
  ctx.after(() =>
    ctx.hub.toBot(botId, push.note(p.userid, agentId, p.text, timestamp), { agentId }),
  );
  return { userid: p.userid, customer_id: agentId, timestamp };
}

export async function takeOver(
  ctx: AuthedCtx,
  p: Params<"take_over">,
): Promise<Result<"take_over">> {
  const from = await supervise(
    ctx,
    ctx.actor,
    "take_over",
    p.userid,
    ctx.actor.agentId,
    auditEntry(ctx.actor, "take_over", `user:${p.userid}`),
  );
  return { userid: p.userid, from_customer_id: from };
}

export async function reassign(ctx: AuthedCtx, p: Params<"reassign">): Promise<Result<"reassign">> {
  const to = (await agentOfMyBot(ctx, p.customer_id)).id;
  const from = await supervise(
    ctx,
    ctx.actor,
    "reassign",
    p.userid,
    to,
    auditEntry(ctx.actor, "reassign", `user:${p.userid}`, { customer_id: to }),
  );
  return { userid: p.userid, from_customer_id: from, customer_id: to };
}

export async function endSession(
  ctx: AuthedCtx,
  p: Params<"end_session">,
): Promise<Result<"end_session">> {
  const from = await supervise(
    ctx,
    ctx.actor,
    "end_session",
    p.userid,
    null,
    auditEntry(ctx.actor, "end_session", `user:${p.userid}`),
  );
  return { userid: p.userid, from_customer_id: from };
}
