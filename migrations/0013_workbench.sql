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
CREATE INDEX `files_bot` ON `files` (`bot_id`,`created_at`);--> statement-breakpoint
CREATE TABLE `bot_labels` (
	`bot_id` integer NOT NULL,
	`kind` text NOT NULL,
	`name` text NOT NULL,
	`created_at` integer NOT NULL,
	PRIMARY KEY(`bot_id`, `kind`, `name`)
);
--> statement-breakpoint
CREATE TABLE `session_reasons` (
	`session_id` integer PRIMARY KEY NOT NULL,
	`bot_id` integer NOT NULL,
	`reason` text NOT NULL
);
--> statement-breakpoint
CREATE TABLE `session_tags` (
	`session_id` integer NOT NULL,
	`bot_id` integer NOT NULL,
	`tag` text NOT NULL,
	PRIMARY KEY(`session_id`, `tag`)
);
--> statement-breakpoint
CREATE INDEX `session_tags_bot_tag` ON `session_tags` (`bot_id`,`tag`);