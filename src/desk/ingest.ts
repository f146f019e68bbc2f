// A user's message from the bot, as one transaction: a retry of a msgid already stored
// gets the first answer and writes nothing; otherwise the user joins its open session
// (waiting or active), or (handoff) a new waiting one that goes at once to an agent with
// room; `handoff: false` only records the message.
import type { IngestAnswer, MessageItem, Profile, Session } from "../model/desk";
import type { Stores } from "../store/stores";
import { autoAssign, type Returning } from "./steps";

export interface IngestInput {
  botId: number;
  userid: string;
  userItems: MessageItem[];
  robotItems: MessageItem[];
  profile?: Partial<Profile> & Record<string, unknown>;
  /** false: record only; open no session. */
  handoff: boolean;
  msgid?: string;
  /** The skill group a new session waits for. */
  groupId?: number;
  /** Agents who may take a new waiting session right away. */
  candidates: number[];
  now: number;
}

export interface IngestResult {
  session: Session | null;
  /** True when this call opened the session. */
  opened: boolean;
  /** A retry of a msgid already stored: nothing was written. */
  replay: boolean;
  answer: IngestAnswer;
}

/** What user_message answers about the session the message went to. */
export function answerOf(session: Session | null): IngestAnswer {
  return {
    sessionId: session?.id ?? null,
    state: session && session.state !== "ended" ? session.state : "none",
    agentId: session?.agentId ?? null,
  };
}

/** The bot's returning-users window and, when it has one, who served this user last. */
async function returningRule(tx: Stores, botId: number, userid: string): Promise<Returning> {
  const windowS = (await tx.policy.get(botId))?.policy.returning_window_s ?? null;
  if (windowS === null) return { last: null, windowMs: null };
  return { last: await tx.returning.lastServed(botId, userid), windowMs: windowS * 1000 };
}

export async function ingest(tx: Stores, input: IngestInput): Promise<IngestResult> {
  const { botId, userid, msgid, now } = input;
  if (msgid) {
    const answer = await tx.sessions.seenIngest(botId, userid, msgid);
    if (answer) {
      const session = answer.sessionId === null ? null : await tx.sessions.byId(answer.sessionId);
      return { session, opened: false, replay: true, answer };
    }
  }
  if (input.profile) await tx.identity.upsertProfile(botId, userid, input.profile, now);
  else await tx.identity.ensureUser(botId, userid, now);

  let session = await tx.sessions.open(botId, userid);
  const opened = !session && input.handoff;
  if (opened) session = await tx.sessions.openWaiting(botId, userid, input.groupId ?? null, now);
  else if (session) await tx.sessions.touch(session.id, now);
  const origin = { botId, userid, sessionId: session?.id ?? null, agentId: null };
  await tx.history.append(origin, "user", input.userItems, now);
  await tx.history.append(origin, "robot", input.robotItems, now);

  if (session && opened) {
    const returning = await returningRule(tx, botId, userid);
    if ((await autoAssign(tx, session, input.candidates, now, returning)) !== null) {
      session = await tx.sessions.byId(session.id);
    }
  }
  const answer = answerOf(session);
  if (msgid) await tx.sessions.recordIngest(botId, userid, msgid, answer, now);
  return { session, opened, replay: false, answer };
}
