// search_messages, get_user_sessions (issue 17).
import { readsOnlyOwn } from "../../desk/permissions";
import { queryTerms } from "../../desk/search-index";
import { DeskError } from "../../errors";
import type { Params, Result } from "../../wire/requests";
import { type AuthedCtx, agentOfMyBot, mayReadAgent, mayReadUser } from "../context";

const seconds = (ms: number) => Math.floor(ms / 1000);

export async function searchMessages(
  ctx: AuthedCtx,
  p: Params<"search_messages">,
): Promise<Result<"search_messages">> {
  const terms = queryTerms(p.query);
  // Each criterion has an index of its own: words the full-text one, a user their history's,
  // a tag or an agent their sessions', time messages_bot_time. None at all would read it all.
  const filters = [p.customer_id, p.tag, p.from, p.to].some((f) => f !== undefined);
  if (terms.length === 0 && p.userid === undefined && !filters) {
    throw new DeskError(
      "badRequest",
      "query: give words to look for, a userid, customer_id, tag, from or to",
    );
  }
  // "The conversations tagged refund": a tag or an agent alone lists sessions, one hit each.
  const perSession =
    terms.length === 0 &&
    p.userid === undefined &&
    (p.tag !== undefined || p.customer_id !== undefined);
  if (p.customer_id !== undefined) {
    await agentOfMyBot(ctx, p.customer_id);
    mayReadAgent(ctx, p.customer_id);
  }
  if (p.userid !== undefined) await mayReadUser(ctx, p.userid);
  // The `agent` role searches the history of a user it may read, else its own conversations.
  const agentId =
    p.customer_id ??
    (p.userid === undefined && readsOnlyOwn(ctx.conn.role) ? ctx.actor.agentId : undefined);
  const hits = await ctx.store.search.search({
    botId: ctx.actor.botId,
    terms,
    limit: p.limit,
    perSession,
    ...(p.userid === undefined ? {} : { userid: p.userid }),
    ...(agentId === undefined ? {} : { agentId }),
    ...(p.tag === undefined ? {} : { tag: p.tag }),
    ...(p.from === undefined ? {} : { fromMs: p.from * 1000 }),
    ...(p.to === undefined ? {} : { toMs: p.to * 1000 + 999 }),
  });
  return {
    data: {
      list: hits.map((h) => ({
        userid: h.userid,
        session_id: h.sessionId,
        from: h.from,
        customer_id: h.agentId,
        create_time: seconds(h.createdAt),
        message: h.item,
        newer: h.newer,
      })),
    },
  };
}

export async function getUserSessions(
  ctx: AuthedCtx,
  p: Params<"get_user_sessions">,
): Promise<Result<"get_user_sessions">> {
  await mayReadUser(ctx, p.userid);
  const list = await ctx.store.search.sessionsOf(ctx.actor.botId, p.userid, p.limit);
  return {
    data: {
      list: list.map((s) => ({
        session_id: s.id,
        state: s.state,
        customer_id: s.agentId,
        start_time: seconds(s.createdAt),
        end_time: s.endedAt === null ? null : seconds(s.endedAt),
        end_reason: s.endedReason,
      })),
    },
  };
}
