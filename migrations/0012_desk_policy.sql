ALTER TABLE `kb_entries` ADD `userid` text;--> statement-breakpoint
CREATE INDEX `kb_entries_user` ON `kb_entries` (`bot_id`,`userid`) WHERE userid IS NOT NULL;--> statement-breakpoint
ALTER TABLE `kb_feedback` ADD `userid` text;--> statement-breakpoint
CREATE INDEX `kb_feedback_user` ON `kb_feedback` (`bot_id`,`userid`);