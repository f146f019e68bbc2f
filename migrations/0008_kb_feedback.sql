-- What agents did with the suggestions (src/assistant/feedback.ts). IF NOT EXISTS: a
-- database whose migration records were rolled back (tests/stored-json-cleanup.test.ts)
-- runs it again.
CREATE TABLE IF NOT EXISTS `kb_feedback` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`bot_id` integer NOT NULL,
	`entry_id` integer NOT NULL,
	`question` text NOT NULL,
	`verdict` text NOT NULL,
	`created_at` integer NOT NULL,
	FOREIGN KEY (`bot_id`) REFERENCES `bots`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`entry_id`) REFERENCES `kb_entries`(`id`) ON UPDATE no action ON DELETE cascade
);
--> statement-breakpoint
CREATE INDEX IF NOT EXISTS `kb_feedback_entry` ON `kb_feedback` (`bot_id`,`entry_id`);