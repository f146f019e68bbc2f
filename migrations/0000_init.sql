CREATE TABLE `agent_tokens` (
	`token_hash` text PRIMARY KEY NOT NULL,
	`agent_id` integer NOT NULL,
	`created_at` integer NOT NULL,
	FOREIGN KEY (`agent_id`) REFERENCES `agents`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE UNIQUE INDEX `agent_tokens_agent_id_unique` ON `agent_tokens` (`agent_id`);--> statement-breakpoint
CREATE TABLE `agents` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`bot_id` integer NOT NULL,
	`name` text NOT NULL,
	`head_img` text DEFAULT '' NOT NULL,
	`max_sessions` integer DEFAULT 5 NOT NULL,
	`auto_connect` integer DEFAULT false NOT NULL,
	`status` integer DEFAULT 0 NOT NULL,
	`last_assigned_at` integer DEFAULT 0 NOT NULL,
	`created_at` integer NOT NULL,
	FOREIGN KEY (`bot_id`) REFERENCES `bots`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE INDEX `agents_bot` ON `agents` (`bot_id`);--> statement-breakpoint
CREATE TABLE `bots` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`name` text NOT NULL,
	`api_key_hash` text NOT NULL,
	`webhook_url` text,
	`webhook_secret` text NOT NULL,
	`webhook_enabled` integer DEFAULT true NOT NULL,
	`created_at` integer NOT NULL
);
--> statement-breakpoint
CREATE UNIQUE INDEX `bots_api_key_hash_unique` ON `bots` (`api_key_hash`);--> statement-breakpoint
CREATE TABLE `events` (
	`seq` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`id` text NOT NULL,
	`bot_id` integer NOT NULL,
	`userid` text NOT NULL,
	`type` text NOT NULL,
	`body` text NOT NULL,
	`created_at` integer NOT NULL,
	`delivery` text NOT NULL,
	`attempts` integer DEFAULT 0 NOT NULL,
	`next_attempt_at` integer DEFAULT 0 NOT NULL,
	`last_error` text
);
--> statement-breakpoint
CREATE UNIQUE INDEX `events_id_unique` ON `events` (`id`);--> statement-breakpoint
CREATE INDEX `events_bot_seq` ON `events` (`bot_id`,`seq`);--> statement-breakpoint
CREATE INDEX `events_pending` ON `events` (`delivery`,`next_attempt_at`);--> statement-breakpoint
CREATE TABLE `ingests` (
	`bot_id` integer NOT NULL,
	`userid` text NOT NULL,
	`msgid` text NOT NULL,
	`answer` text NOT NULL,
	`created_at` integer NOT NULL,
	PRIMARY KEY(`bot_id`, `userid`, `msgid`)
);
--> statement-breakpoint
CREATE TABLE `messages` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`bot_id` integer NOT NULL,
	`userid` text NOT NULL,
	`session_id` integer,
	`batch` integer NOT NULL,
	`from` text NOT NULL,
	`agent_id` integer,
	`type` text NOT NULL,
	`value` text NOT NULL,
	`created_at` integer NOT NULL
);
--> statement-breakpoint
CREATE INDEX `messages_user` ON `messages` (`bot_id`,`userid`,`id`);--> statement-breakpoint
CREATE INDEX `messages_user_from` ON `messages` (`bot_id`,`userid`,`from`,`batch`);--> statement-breakpoint
CREATE TABLE `sessions` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`bot_id` integer NOT NULL,
	`userid` text NOT NULL,
	`state` text NOT NULL,
	`agent_id` integer,
	`queued_at` integer NOT NULL,
	`assigned_at` integer,
	`ended_at` integer,
	`ended_reason` text,
	`declined_by` integer,
	`created_at` integer NOT NULL
);
--> statement-breakpoint
CREATE UNIQUE INDEX `sessions_one_open_per_user` ON `sessions` (`bot_id`,`userid`) WHERE state <> 'ended';--> statement-breakpoint
CREATE INDEX `sessions_queue` ON `sessions` (`bot_id`,`state`,`queued_at`);--> statement-breakpoint
CREATE INDEX `sessions_agent` ON `sessions` (`agent_id`,`state`);--> statement-breakpoint
CREATE TABLE `users` (
	`bot_id` integer NOT NULL,
	`userid` text NOT NULL,
	`nickname` text DEFAULT '' NOT NULL,
	`head_img` text DEFAULT '' NOT NULL,
	`sex` integer DEFAULT 0 NOT NULL,
	`city` text DEFAULT '' NOT NULL,
	`province` text DEFAULT '' NOT NULL,
	`country` text DEFAULT '' NOT NULL,
	`mobile` text DEFAULT '' NOT NULL,
	`realname` text DEFAULT '' NOT NULL,
	`openid` text DEFAULT '' NOT NULL,
	`wid` integer DEFAULT 0 NOT NULL,
	`att_time` integer DEFAULT 0 NOT NULL,
	`active_time` integer DEFAULT 0 NOT NULL,
	`extra` text DEFAULT '{}' NOT NULL,
	`created_at` integer NOT NULL,
	PRIMARY KEY(`bot_id`, `userid`),
	FOREIGN KEY (`bot_id`) REFERENCES `bots`(`id`) ON UPDATE no action ON DELETE no action
);
