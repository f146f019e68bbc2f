CREATE TABLE `sweeps` (
	`name` text PRIMARY KEY NOT NULL,
	`progress` integer NOT NULL
);
--> statement-breakpoint
ALTER TABLE `events` ADD `lease_owner` text;--> statement-breakpoint
ALTER TABLE `events` ADD `lease_until` integer;--> statement-breakpoint
CREATE INDEX `events_leased` ON `events` (`lease_until`) WHERE lease_owner IS NOT NULL;