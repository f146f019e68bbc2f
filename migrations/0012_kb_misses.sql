CREATE TABLE `kb_misses` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`bot_id` integer NOT NULL,
	`userid` text NOT NULL,
	`question` text NOT NULL,
	`reply` text NOT NULL,
	`created_at` integer NOT NULL,
	FOREIGN KEY (`bot_id`) REFERENCES `bots`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE UNIQUE INDEX `kb_misses_question` ON `kb_misses` (`bot_id`,`userid`,`question`);--> statement-breakpoint
CREATE INDEX `kb_misses_bot` ON `kb_misses` (`bot_id`,`created_at`);