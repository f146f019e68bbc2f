CREATE TABLE `agent_accounts` (
	`agent_id` integer PRIMARY KEY NOT NULL,
	`login` text NOT NULL,
	`password_hash` text NOT NULL,
	`totp_secret` text,
	`created_at` integer NOT NULL,
	FOREIGN KEY (`agent_id`) REFERENCES `agents`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE UNIQUE INDEX `agent_accounts_login_unique` ON `agent_accounts` (`login`);--> statement-breakpoint
CREATE TABLE `console_sessions` (
	`token_hash` text PRIMARY KEY NOT NULL,
	`agent_id` integer NOT NULL,
	`created_at` integer NOT NULL,
	`expires_at` integer NOT NULL,
	`revoked_at` integer,
	FOREIGN KEY (`agent_id`) REFERENCES `agents`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE INDEX `console_sessions_agent` ON `console_sessions` (`agent_id`);--> statement-breakpoint
ALTER TABLE `agents` ADD `role` text DEFAULT 'agent' NOT NULL;--> statement-breakpoint
ALTER TABLE `agents` ADD `disabled` integer DEFAULT false NOT NULL;