// A user's message from the bot, as one transaction: a retry of a msgid already stored
// gets the first answer and writes nothing; otherwise the user joins its open session
// (waiting or active), or (handoff) a new waiting one that goes at once to an agent with
// room; `handoff: false` only records the message.
import type { IngestAnswer, MessageItem, Profile, Session } from "../model/desk";
import type { Stores } from "../store/stores";
import { priorityOf, returningAgent } from "./routing";
import { autoAssign } from "./steps";

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
  /** A new session's priority (issue 18): higher is served first, within the aging limit. */
  priority?: number;
  /** The agent the bot asks for: a new session goes to them if they may take it now. */
  wantedAgent?: number;
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

/**
 * What the bot's policy asks of a new session: its priority (given, or by the VIP rule) and
 * the agent a returning user goes back to.
 */
async function newSessionRules(
  tx: Stores,
  input: IngestInput,
): Promise<{ priority: number; back: number | null }> {
  const { botId, userid, now } = input;
  const policy = (await tx.policy.get(botId))?.policy;
  if (!policy) return { priority: input.priority ?? 0, back: null };
  const profile =
    policy.vip_rule && input.priority === undefined
      ? await tx.identity.getUser(botId, userid)
      : null;
  const windowS = policy.returning_window_s;
  const last = windowS === null ? null : await tx.returning.lastServed(botId, userid);
  return {
    priority: priorityOf(input.priority, policy.vip_rule, profile),
    back: windowS === null ? null : returningAgent(last, windowS * 1000, now),
  };
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
    const rules = await newSessionRules(tx, input);
    if (rules.priority > 0) await tx.priority.set(botId, session.id, rules.priority);
    const wanted = { named: input.wantedAgent ?? null, back: rules.back };
    if ((await autoAssign(tx, session, input.candidates, now, wanted)) !== null) {
      session = await tx.sessions.byId(session.id);
    }
  }
  const answer = answerOf(session);
  if (msgid) await tx.sessions.recordIngest(botId, userid, msgid, answer, now);
  return { session, opened, replay: false, answer };
}
