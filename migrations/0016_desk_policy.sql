CREATE TABLE `queue_notices` (
	`session_id` integer PRIMARY KEY NOT NULL,
	`bot_id` integer NOT NULL,
	`position` integer NOT NULL,
	`estimate` integer,
	`sent_at` integer NOT NULL
);
--> statement-breakpoint
CREATE INDEX `queue_notices_bot` ON `queue_notices` (`bot_id`);--> statement-breakpoint
CREATE TABLE `session_priorities` (
	`session_id` integer PRIMARY KEY NOT NULL,
	`bot_id` integer NOT NULL,
	`priority` integer NOT NULL
);
--> statement-breakpoint
CREATE INDEX `session_priorities_bot` ON `session_priorities` (`bot_id`);--> statement-breakpoint
ALTER TABLE `bots` ADD `policy` text DEFAULT '{}' NOT NULL;--> statement-breakpoint
ALTER TABLE `bots` ADD `policy_version` integer DEFAULT 0 NOT NULL;--> statement-breakpoint
ALTER TABLE `kb_entries` ADD `userid` text;--> statement-breakpoint
CREATE INDEX `kb_entries_user` ON `kb_entries` (`bot_id`,`userid`) WHERE userid IS NOT NULL;--> statement-breakpoint
ALTER TABLE `kb_feedback` ADD `userid` text;--> statement-breakpoint
CREATE INDEX `kb_feedback_user` ON `kb_feedback` (`bot_id`,`userid`);--> statement-breakpoint
CREATE INDEX `messages_bot_time` ON `messages` (`bot_id`,`created_at`);--> statement-breakpoint
CREATE INDEX `sessions_user_ended` ON `sessions` (`bot_id`,`userid`,`ended_at`);