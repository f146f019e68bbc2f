CREATE INDEX `events_delivery_seq` ON `events` (`delivery`,`seq`);--> statement-breakpoint
CREATE INDEX `events_pending_user` ON `events` (`bot_id`,`userid`,`seq`) WHERE delivery = 'pending';