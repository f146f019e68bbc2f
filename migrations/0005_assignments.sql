CREATE TABLE `assignments` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`session_id` integer NOT NULL,
	`bot_id` integer NOT NULL,
	`agent_id` integer NOT NULL,
	`waited_from` integer NOT NULL,
	`assigned_at` integer NOT NULL,
	`first_reply_at` integer,
	`released_at` integer
);
--> statement-breakpoint
CREATE INDEX `assignments_bot_time` ON `assignments` (`bot_id`,`assigned_at`);--> statement-breakpoint
CREATE UNIQUE INDEX `assignments_session_open` ON `assignments` (`session_id`) WHERE released_at IS NULL;--> statement-breakpoint
CREATE INDEX `assignments_session` ON `assignments` (`session_id`,`released_at`);--> statement-breakpoint
-- The sessions assigned so far, one assignment each: what the reports knew of them before.
INSERT INTO `assignments` (`session_id`, `bot_id`, `agent_id`, `waited_from`, `assigned_at`, `first_reply_at`, `released_at`)
SELECT `id`, `bot_id`, `agent_id`, `queued_at`, `assigned_at`, `first_reply_at`, `ended_at`
FROM `sessions` WHERE `agent_id` IS NOT NULL AND `assigned_at` IS NOT NULL;
