// add_note, get_canned_replies, save_canned_reply, delete_canned_reply (issue 9): methods
// kefu adds beside the seed's, in the same reply style.
import { DeskError } from "../../errors";
import type { CannedReply } from "../../model/operations";
import type { CannedEntry } from "../../wire/methods/operations";
import { push } from "../../wire/pushes";
import type { Params, Result } from "../../wire/requests";
import { type AuthedCtx, mayReadUser } from "../context";

const seconds = (ms: number) => Math.floor(ms / 1000);

function cannedEntry(r: CannedReply): CannedEntry {
  return {
    id: r.id,
    code: r.code,
    message: r.items,
    shared: r.agentId === null ? 1 : 0,
    customer_id: r.agentId,
    create_time: seconds(r.createdAt),
  };
}

/** An internal note: kept in the user's history for agents, never sent to the bot. */
export async function addNote(ctx: AuthedCtx, p: Params<"add_note">): Promise<Result<"add_note">> {
  const { agentId, botId } = ctx.actor;
  if (await ctx.store.identity.getUser(botId, p.userid)) await mayReadUser(ctx, p.userid);
  const note = await ctx.ops.addNote({
    botId,
    userid: p.userid,
    agentId,
    text: p.text,
    now: Date.now(),
  });
  if (!note) throw new DeskError("notFound", `no user ${p.userid}`);
  const timestamp = seconds(note.createdAt);
  ctx.after(() =>
    ctx.hub.toBot(botId, push.note(p.userid, agentId, p.text, timestamp), { agentId }),
  );
  return { userid: p.userid, customer_id: agentId, timestamp };
}

export async function getCannedReplies(
  ctx: AuthedCtx,
  p: Params<"get_canned_replies">,
): Promise<Result<"get_canned_replies">> {
  const list = await ctx.ops.cannedReplies(ctx.actor.botId, ctx.actor.agentId, p.code);
  return { data: { list: list.map(cannedEntry) } };
}

export async function saveCannedReply(
  ctx: AuthedCtx,
  p: Params<"save_canned_reply">,
): Promise<Result<"save_canned_reply">> {
  const { agentId, botId } = ctx.actor;
  const saved = await ctx.ops.saveCanned(
    {
      botId,
      agentId: p.shared === 1 ? null : agentId,
      code: p.code,
      items: p.message,
      now: Date.now(),
      mayReplaceShared: false,
    },
    { type: "agent", id: agentId },
  );
  if (!saved.ok)
    throw new DeskError(
      "conflict",
      `a shared reply with code ${p.code} exists; the bot backend changes shared replies`,
    );
  return { data: cannedEntry(saved.reply) };
}

export async function deleteCannedReply(
  ctx: AuthedCtx,
  p: Params<"delete_canned_reply">,
): Promise<Result<"delete_canned_reply">> {
  const { agentId, botId } = ctx.actor;
  const gone = await ctx.ops.deleteCanned(
    { botId, agentId, id: p.id, now: Date.now() },
    { type: "agent", id: agentId },
  );
  if (!gone) throw new DeskError("notFound", `no canned reply ${p.id} of yours`);
  return { id: p.id };
}
