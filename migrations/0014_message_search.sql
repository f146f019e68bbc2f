-- The search index over messages (issue 17): one row per message item (rowid = messages.id)
-- holding its segmented terms (assistant/terms.ts, the knowledge base's segmentation), each
-- prefixed with its bot ("b7x密码") so a search reads only its own bot's postings.
-- Contentless: messages keeps the text. No stemming, so SQLite and PostgreSQL (a GIN index
-- over the same terms) find the same messages.
CREATE VIRTUAL TABLE `message_fts` USING fts5(
	terms,
	tokenize = 'unicode61 remove_diacritics 2',
	content = '',
	contentless_delete = 1
);
