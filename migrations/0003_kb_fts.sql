-- The knowledge base's full-text index: one row per question (rowid = kb_questions.id).
-- kefu segments and normalises the text itself (Intl.Segmenter, so Chinese has word
-- boundaries) and writes space-separated terms, each prefixed with its bot ("b7x密码"), so
-- a search reads only its own bot's postings and document counts. FTS5 adds Porter
-- stemming for English. Columns: words = the question's words; chars = single Han
-- characters of its longer words (so 改 meets 修改); answer = the answer's words.
-- Contentless: kb_questions and kb_entries keep the text.
CREATE VIRTUAL TABLE `kb_fts` USING fts5(
	words, chars, answer,
	tokenize = 'porter unicode61 remove_diacritics 2',
	content = '',
	contentless_delete = 1
);
