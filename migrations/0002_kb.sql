CREATE TABLE `kb_entries` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`bot_id` integer NOT NULL,
	`source` text NOT NULL,
	`answer` text NOT NULL,
	`learned_key` text,
	`created_at` integer NOT NULL,
	`updated_at` integer NOT NULL,
	FOREIGN KEY (`bot_id`) REFERENCES `bots`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE INDEX `kb_entries_bot` ON `kb_entries` (`bot_id`,`source`,`id`);--> statement-breakpoint
CREATE UNIQUE INDEX `kb_entries_learned` ON `kb_entries` (`bot_id`,`learned_key`) WHERE learned_key IS NOT NULL;--> statement-breakpoint
CREATE TABLE `kb_questions` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`entry_id` integer NOT NULL,
	`text` text NOT NULL,
	FOREIGN KEY (`entry_id`) REFERENCES `kb_entries`(`id`) ON UPDATE no action ON DELETE cascade
);
--> statement-breakpoint
CREATE INDEX `kb_questions_entry` ON `kb_questions` (`entry_id`);