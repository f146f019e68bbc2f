CREATE TABLE `files` (
	`id` text PRIMARY KEY NOT NULL,
	`bot_id` integer NOT NULL,
	`agent_id` integer,
	`name` text NOT NULL,
	`mime` text NOT NULL,
	`size` integer NOT NULL,
	`secret` text NOT NULL,
	`created_at` integer NOT NULL
);
--> statement-breakpoint
CREATE INDEX `files_bot` ON `files` (`bot_id`,`created_at`);