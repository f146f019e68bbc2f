// The search index over messages (issue 17): each message's segmented terms, scoped by bot
// (store/search.ts, scopedTerm), in a GIN index.
import { index, integer, pgTable, text } from "drizzle-orm/pg-core";

export const messageTerms = pgTable(
  "message_terms",
  {
    messageId: integer("message_id").primaryKey(),
    terms: text("terms").array().notNull(),
  },
  (t) => [index("message_terms_terms").using("gin", t.terms)],
);
