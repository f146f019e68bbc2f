-- The search terms changed: format characters (soft hyphen, ZWJ, word joiner…) and
-- combining marks are taken out, so each term is one FTS5 token and none escapes its bot's
-- prefix. Rows indexed before are emptied from kb_fts; the kb store indexes every question
-- missing from the index when it opens (src/assistant/sqlite-kb-store.ts).
INSERT INTO `kb_fts` (`kb_fts`) VALUES ('delete-all');
