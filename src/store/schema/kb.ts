// The knowledge base behind get_answer_from_ai: per bot, entries with an answer and one
// or more questions. The full-text index over the questions (kb_fts, FTS5) is a virtual
// table drizzle cannot express; it lives in the custom migration 0002_kb_fts.sql.
import { sql } from "drizzle-orm";
import { index, integer, sqliteTable, text, uniqueIndex } from "drizzle-orm/sqlite-core";
import { bots } from "./desk";

export const kbEntries = sqliteTable(
  "kb_entries",
  {
    id: integer("id").primaryKey({ autoIncrement: true }),
    botId: integer("bot_id")
      .notNull()
      .references(() => bots.id),
    // curated: loaded by the bot's operator; learned: an agent's reply seen at the desk.
    source: text("source", { enum: ["curated", "learned"] }).notNull(),
    // The answer's message items, as JSON.
    answer: text("answer").notNull(),
    // A learned pair is kept once per question (normalised); a newer reply replaces it.
    learnedKey: text("learned_key"),
    // Whose question a learned pair answered, so erasing that user removes it (issue 18).
    userid: text("userid"),
    createdAt: integer("created_at").notNull(),
    updatedAt: integer("updated_at").notNull(),
  },
  (t) => [
    index("kb_entries_bot").on(t.botId, t.source, t.id),
    uniqueIndex("kb_entries_learned").on(t.botId, t.learnedKey).where(sql`learned_key IS NOT NULL`),
    index("kb_entries_user").on(t.botId, t.userid).where(sql`userid IS NOT NULL`),
  ],
);

export const kbQuestions = sqliteTable(
  "kb_questions",
  {
    // Also the rowid of the question's row in kb_fts.
    id: integer("id").primaryKey({ autoIncrement: true }),
    entryId: integer("entry_id")
      .notNull()
      .references(() => kbEntries.id, { onDelete: "cascade" }),
    text: text("text").notNull(),
  },
  (t) => [index("kb_questions_entry").on(t.entryId)],
);

// What agents did with a suggestion (feedback.ts): sent it as it was, sent it edited, or
// sent something else. Per bot; it moves that entry for similar questions of that bot only.
export const kbFeedback = sqliteTable(
  "kb_feedback",
  {
    id: integer("id").primaryKey({ autoIncrement: true }),
    botId: integer("bot_id")
      .notNull()
      .references(() => bots.id),
    entryId: integer("entry_id")
      .notNull()
      .references(() => kbEntries.id, { onDelete: "cascade" }),
    // The question the suggestion answered, as the user asked it.
    question: text("question").notNull(),
    // Who asked it, so erasing that user removes it (issue 18).
    userid: text("userid"),
    verdict: text("verdict", { enum: ["as_is", "edited", "not_used"] }).notNull(),
    createdAt: integer("created_at").notNull(),
  },
  (t) => [
    index("kb_feedback_entry").on(t.botId, t.entryId),
    index("kb_feedback_user").on(t.botId, t.userid),
  ],
);

// Questions the knowledge base missed (assistant/missed.ts): an agent's reply that none of
// the suggestions made. One row per user and question, the newest reply kept; the admin
// lists them per bot and turns them into entries.
export const kbMisses = sqliteTable(
  "kb_misses",
  {
    id: integer("id").primaryKey({ autoIncrement: true }),
    botId: integer("bot_id")
      .notNull()
      .references(() => bots.id),
    userid: text("userid").notNull(),
    question: text("question").notNull(),
    // The agent's reply's message items, as JSON.
    reply: text("reply").notNull(),
    createdAt: integer("created_at").notNull(),
  },
  (t) => [
    uniqueIndex("kb_misses_question").on(t.botId, t.userid, t.question),
    index("kb_misses_bot").on(t.botId, t.createdAt),
  ],
);
