// get_summary and get_kb_missed (issue 20): the assistant around the handoff, for agents.
// The summary of a user's conversation for the agent taking it over, and the questions the
// knowledge base missed (also POST /api/kb/missed for the bot backend).
import { z } from "zod";
import { digits, id, userid } from "../fields";
import { messageItem } from "../items";
import { sentId, unixTime } from "../sent";

/** Before the agent's first reply (the bot's conversation), or all of it (on transfer). */
export const summaryStage = z.enum(["handoff", "transfer"]);

export const conversationSummary = z.object({
  stage: summaryStage,
  /** llm: written by the configured LLM; extract: picked from the conversation. */
  source: z.enum(["llm", "extract"]),
  /** The summary as one text: the LLM's, or the key sentences one after the other. */
  text: z.string(),
  /** The user's key sentences, oldest first (extract; empty for llm). */
  points: z.array(z.string()),
  bot_answer: z.string().nullable(),
  agent_reply: z.string().nullable(),
  user_messages: z.number().int().min(0),
  bot_messages: z.number().int().min(0),
  agent_messages: z.number().int().min(0),
});

export type ConversationSummary = z.output<typeof conversationSummary>;

/** A question the knowledge base missed, its like questions grouped with it. */
export const missedQuestion = z.object({
  /** The newest asking's question. */
  question: z.string(),
  /** Every distinct question of the group, newest first. */
  questions: z.array(z.string()),
  /** How many times it was asked (one per user and question). */
  count: z.number().int().min(1),
  /** The ids of the misses grouped; pass them to /api/kb/missed/adopt. */
  ids: z.array(sentId),
  last_time: unixTime,
  /** The agent's newest reply to it: a draft answer. */
  draft: z.array(messageItem),
});

export type MissedQuestion = z.output<typeof missedQuestion>;

/** The days looked back by default, and at most. */
export const MISSED_DAYS = 30;
export const MISSED_DAYS_MAX = 365;

export const assistantRequests = {
  get_summary: z.object({ userid, stage: summaryStage.optional() }),
  get_kb_missed: z.object({
    bid: id.optional(),
    days: digits(z.number().int().min(1).max(MISSED_DAYS_MAX)).default(MISSED_DAYS),
  }),
};

export const assistantResults = {
  get_summary: z.object({ userid: z.string(), data: conversationSummary }),
  get_kb_missed: z.object({ data: z.object({ list: z.array(missedQuestion) }) }),
};
