// The knowledge base on PostgreSQL: kb_entries, kb_questions and kb_feedback column for
// column those of ../../schema/kb.ts; where SQLite has the FTS5 table kb_fts, kb_terms
// holds each question's index tokens (src/assistant/fts5-token.ts: the tokens FTS5 would
// make) with their counts, so the BM25 of src/assistant/pg-kb-store.ts is FTS5's.
import { sql } from "drizzle-orm";
import {
  bigint,
  index,
  integer,
  pgTable,
  primaryKey,
  smallint,
  text,
  uniqueIndex,
} from "drizzle-orm/pg-core";
import { bots } from "./desk";

export const kbEntries = pgTable(
  "kb_entries",
  {
    id: integer("id").primaryKey().generatedAlwaysAsIdentity(),
    botId: integer("bot_id")
      .notNull()
      .references(() => bots.id),
    source: text("source", { enum: ["curated", "learned"] }).notNull(),
    answer: text("answer").notNull(),
    learnedKey: text("learned_key"),
    // Whose question a learned answer came from (erasing that user removes it); null:
    // curated, or learned before this was kept.
    userid: text("userid"),
    createdAt: bigint("created_at", { mode: "number" }).notNull(),
    updatedAt: bigint("updated_at", { mode: "number" }).notNull(),
  },
  (t) => [
    index("kb_entries_bot").on(t.botId, t.source, t.id),
    uniqueIndex("kb_entries_learned").on(t.botId, t.learnedKey).where(sql`learned_key IS NOT NULL`),
    index("kb_entries_user").on(t.botId, t.userid).where(sql`userid IS NOT NULL`),
  ],
);

export const kbQuestions = pgTable(
  "kb_questions",
  {
    id: integer("id").primaryKey().generatedAlwaysAsIdentity(),
    entryId: integer("entry_id")
      .notNull()
      .references(() => kbEntries.id, { onDelete: "cascade" }),
    text: text("text").notNull(),
    // The question's index tokens in all three columns: BM25's document length.
    // 0 until indexed: a copied question is indexed in the copy's transaction.
    tokens: integer("tokens").notNull().default(0),
  },
  (t) => [index("kb_questions_entry").on(t.entryId)],
);

export const kbTerms = pgTable(
  "kb_terms",
  {
    questionId: integer("question_id")
      .notNull()
      .references(() => kbQuestions.id, { onDelete: "cascade" }),
    // Also in the term's prefix; here so every statement names its bot in SQL.
    botId: integer("bot_id").notNull(),
    // 0: the question's words, 1: its single Han characters, 2: the answer's words.
    col: smallint("col").notNull(),
    term: text("term").notNull(),
    count: integer("count").notNull(),
  },
  (t) => [
    primaryKey({ columns: [t.questionId, t.col, t.term] }),
    index("kb_terms_term").on(t.botId, t.term),
  ],
);

export const kbFeedback = pgTable(
  "kb_feedback",
  {
    id: integer("id").primaryKey().generatedAlwaysAsIdentity(),
    botId: integer("bot_id")
      .notNull()
      .references(() => bots.id),
    entryId: integer("entry_id")
      .notNull()
      .references(() => kbEntries.id, { onDelete: "cascade" }),
    question: text("question").notNull(),
    // The user whose question it was (erased with them).
    userid: text("userid"),
    verdict: text("verdict", { enum: ["as_is", "edited", "not_used"] }).notNull(),
    createdAt: bigint("created_at", { mode: "number" }).notNull(),
  },
  (t) => [
    index("kb_feedback_entry").on(t.botId, t.entryId),
    index("kb_feedback_user").on(t.botId, t.userid),
  ],
);

export const kbMisses = pgTable(
  "kb_misses",
  {
    id: integer("id").primaryKey().generatedAlwaysAsIdentity(),
    botId: integer("bot_id")
      .notNull()
      .references(() => bots.id),
    userid: text("userid").notNull(),
    question: text("question").notNull(),
    // The agent's reply's message items, as JSON.
    reply: text("reply").notNull(),
    createdAt: bigint("created_at", { mode: "number" }).notNull(),
  },
  (t) => [
    uniqueIndex("kb_misses_question").on(t.botId, t.userid, t.question),
    index("kb_misses_bot").on(t.botId, t.createdAt),
  ],
);
