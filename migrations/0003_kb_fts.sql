-- The knowledge base's full-text index: one row per question (rowid = kb_questions.id).
-- kefu segments and normalises the text itself (Intl.Segmenter, so Chinese has word
-- boundaries) and writes space-separated terms; FTS5 adds Porter stemming for English.
-- Columns: bot = "b<bot id>" (every search is limited to one bot through it), words = the
-- question's words, chars = single Han characters of its longer words (so 改 meets 修改),
-- answer = the answer's words. Contentless: kb_questions and kb_entries keep the text.
CREATE VIRTUAL TABLE `kb_fts` USING fts5(
	bot, words, chars, answer,
	tokenize = 'porter unicode61 remove_diacritics 2',
	content = '',
	contentless_delete = 1
);
