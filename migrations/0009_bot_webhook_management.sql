ALTER TABLE `bots` ADD `webhook_disabled_at` integer;--> statement-breakpoint
ALTER TABLE `bots` ADD `webhook_old_secret` text;--> statement-breakpoint
ALTER TABLE `bots` ADD `webhook_old_secret_until` integer;--> statement-breakpoint
ALTER TABLE `bots` ADD `last_delivery_at` integer;--> statement-breakpoint
ALTER TABLE `bots` ADD `last_delivery_error` text;--> statement-breakpoint
ALTER TABLE `bots` ADD `delivery_failures` integer DEFAULT 0 NOT NULL;