// get_user_info, get_wait_user_list, get_current_session_list, get_chat_record,
// get_answer_from_ai (seed sections 6, 13, 14, 15, 16).
import { DeskError } from "../../errors";
import type { SessionView } from "../../model/desk";
import type { ListEntry } from "../../wire/methods/lists";
import type { Params, Result } from "../../wire/requests";
import type { AuthedCtx } from "../context";
import { agentOfMyBot, checkBid, mayReadAgent, mayReadUser } from "../context";

const seconds = (ms: number) => Math.floor(ms / 1000);

function listEntry(s: SessionView, since: number): ListEntry {
  return {
    userid: s.userid,
    head_img: s.headImg,
    nickname: s.nickname,
    last_message: s.lastMessage,
    session_id: s.id,
    timestamp: seconds(since),
    ...(s.agentId === null ? {} : { customer_id: s.agentId }),
  };
}

export async function getUserInfo(
  ctx: AuthedCtx,
  p: Params<"get_user_info">,
): Promise<Result<"get_user_info">> {
  const user = await ctx.store.identity.getUser(ctx.actor.botId, p.userid);
  if (!user) throw new DeskError("notFound", `no user ${p.userid}`);
  await mayReadUser(ctx, p.userid);
  return { data: user };
}

export async function getWaitUserList(
  ctx: AuthedCtx,
  p: Params<"get_wait_user_list">,
): Promise<Result<"get_wait_user_list">> {
  checkBid(ctx.actor, p.bid);
  const waiting = await ctx.store.sessions.waitingSessions(ctx.actor.botId);
  return { data: { user_list: waiting.map((s) => listEntry(s, s.queuedAt)) } };
}

export async function getCurrentSessionList(
  ctx: AuthedCtx,
  p: Params<"get_current_session_list">,
): Promise<Result<"get_current_session_list">> {
  checkBid(ctx.actor, p.bid);
  const agentId =
    p.customer_id === undefined ? ctx.actor.agentId : (await agentOfMyBot(ctx, p.customer_id)).id;
  mayReadAgent(ctx, agentId);
  const active = await ctx.store.sessions.activeSessions(agentId);
  return {
    customer_id: agentId,
    data: { user_list: active.map((s) => listEntry(s, s.assignedAt ?? s.queuedAt)) },
  };
}

export async function getChatRecord(
  ctx: AuthedCtx,
  p: Params<"get_chat_record">,
): Promise<Result<"get_chat_record">> {
  checkBid(ctx.actor, p.bid);
  if (p.customer_id !== undefined) await agentOfMyBot(ctx, p.customer_id);
  if (!(await ctx.store.identity.getUser(ctx.actor.botId, p.userid))) {
    throw new DeskError("notFound", `no user ${p.userid}`);
  }
  await mayReadUser(ctx, p.userid);
  const { total, entries } = await ctx.store.history.chatRecord(
    ctx.actor.botId,
    p.userid,
    p.page,
    p.pagesize,
  );
  return {
    data: {
      total,
      page: p.page,
      pagesize: p.pagesize,
      list_chat: entries.map((e) => ({
        create_time: seconds(e.createdAt),
        is_robot: e.from === "robot" ? 1 : 0,
        from: e.from,
        customer_id: e.agentId,
        message: e.item,
      })),
    },
  };
}

export async function getAnswerFromAi(
  ctx: AuthedCtx,
  p: Params<"get_answer_from_ai">,
): Promise<Result<"get_answer_from_ai">> {
  checkBid(ctx.actor, p.bid);
  if (p.customer_id !== undefined) await agentOfMyBot(ctx, p.customer_id);
  const input = {
    botId: ctx.actor.botId,
    query: p.user_query,
    ...(p.userid === undefined ? {} : { userid: p.userid }),
  };
  // message_list (the seed's) runs the answers together; answers keeps them apart.
  if (!ctx.assistant.answers) return { data: { message_list: await ctx.assistant.suggest(input) } };
  const answers = await ctx.assistant.answers(input);
  return { data: { message_list: answers.flatMap((a) => a.message), answers } };
}
