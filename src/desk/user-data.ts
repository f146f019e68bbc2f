// A user's data as the bot or an operator receives it (issue 18): the export document,
// the answer to an erase, and a transcript's lines, shaped for the wire from the stores.
import type { MessageRecord } from "../store/privacy";
import type { Stores } from "../store/stores";
import type { TranscriptLine, UserErased, UserExport } from "../wire/user-data";
import type { Erased } from "./erase";

const s = (ms: number) => Math.floor(ms / 1000);
const sOrNull = (ms: number | null) => (ms === null ? null : s(ms));
/** Message items as the wire shows them: a value is an object. */
const items = (list: readonly { type: string; value: unknown }[]) =>
  list.map((i) => ({ type: i.type, value: i.value as Record<string, unknown> }));

function message(m: MessageRecord) {
  return {
    id: m.id,
    session_id: m.sessionId,
    from: m.from,
    customer_id: m.agentId,
    type: m.item.type,
    value: m.item.value as Record<string, unknown>,
    created_at: s(m.createdAt),
  };
}

export const transcriptLine = (m: MessageRecord): TranscriptLine => ({
  ...message(m),
  userid: m.userid,
});

/** Everything kefu holds about the user; null when it holds nothing. */
export async function exportUser(
  stores: Stores,
  botId: number,
  userid: string,
  now: number,
): Promise<UserExport | null> {
  if (!(await stores.privacy.knows(botId, userid))) return null;
  const profile = await stores.identity.getUser(botId, userid);
  const r = await stores.privacy.userRecords(botId, userid);
  return {
    bid: botId,
    userid,
    exported_at: s(now),
    profile,
    sessions: r.sessions.map((x) => ({
      session_id: x.id,
      state: x.state,
      customer_id: x.agentId,
      group_id: x.groupId,
      queued_at: s(x.queuedAt),
      assigned_at: sOrNull(x.assignedAt),
      ended_at: sOrNull(x.endedAt),
      ended_reason: x.endedReason,
      created_at: s(x.createdAt),
      tags: x.tags,
      close_reason: x.closeReason,
    })),
    messages: r.messages.map(message),
    ratings: r.ratings.map((x) => ({
      session_id: x.sessionId,
      score: x.score,
      comment: x.comment,
      created_at: s(x.createdAt),
    })),
    events: r.events,
    msgids: r.msgids,
    kb_learned: r.learned.map((x) => ({
      entry_id: x.entryId,
      questions: x.questions,
      answer: items(x.answer),
      created_at: s(x.createdAt),
    })),
    kb_feedback: r.feedback.map((x) => ({
      entry_id: x.entryId,
      question: x.question,
      verdict: x.verdict,
      created_at: s(x.createdAt),
    })),
    kb_misses: r.misses.map((x) => ({
      question: x.question,
      reply: items(x.reply),
      created_at: s(x.createdAt),
    })),
    files: r.files.map((x) => ({
      id: x.id,
      name: x.name,
      mime: x.mime,
      size: x.size,
      created_at: s(x.createdAt),
    })),
  };
}

export const erasedAnswer = (botId: number, userid: string, e: Erased): UserErased => ({
  bid: botId,
  userid,
  erased: e.counts,
  ended_session_id: e.ended?.id ?? null,
  pseudonym: e.pseudonym,
});
