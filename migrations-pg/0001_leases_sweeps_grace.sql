CREATE TABLE "sweeps" (
	"name" text PRIMARY KEY NOT NULL,
	"progress" bigint NOT NULL
);
--> statement-breakpoint
ALTER TABLE "agents" ADD COLUMN "grace_until" bigint;--> statement-breakpoint
ALTER TABLE "events" ADD COLUMN "lease_owner" text;--> statement-breakpoint
ALTER TABLE "events" ADD COLUMN "lease_until" bigint;--> statement-breakpoint
CREATE INDEX "events_leased" ON "events" USING btree ("lease_until") WHERE lease_owner IS NOT NULL;