CREATE TABLE "queue_notices" (
	"session_id" integer PRIMARY KEY NOT NULL,
	"bot_id" integer NOT NULL,
	"position" integer NOT NULL,
	"estimate" integer,
	"sent_at" bigint NOT NULL
);
--> statement-breakpoint
CREATE TABLE "session_priorities" (
	"session_id" integer PRIMARY KEY NOT NULL,
	"bot_id" integer NOT NULL,
	"priority" integer NOT NULL
);
--> statement-breakpoint
ALTER TABLE "bots" ADD COLUMN "policy" text DEFAULT '{}' NOT NULL;--> statement-breakpoint
ALTER TABLE "bots" ADD COLUMN "policy_version" integer DEFAULT 0 NOT NULL;--> statement-breakpoint
ALTER TABLE "kb_entries" ADD COLUMN "userid" text;--> statement-breakpoint
ALTER TABLE "kb_feedback" ADD COLUMN "userid" text;--> statement-breakpoint
CREATE INDEX "queue_notices_bot" ON "queue_notices" USING btree ("bot_id");--> statement-breakpoint
CREATE INDEX "session_priorities_bot" ON "session_priorities" USING btree ("bot_id");--> statement-breakpoint
CREATE INDEX "messages_bot_time" ON "messages" USING btree ("bot_id","created_at");--> statement-breakpoint
CREATE INDEX "sessions_user_ended" ON "sessions" USING btree ("bot_id","userid","ended_at");--> statement-breakpoint
CREATE INDEX "kb_entries_user" ON "kb_entries" USING btree ("bot_id","userid") WHERE userid IS NOT NULL;--> statement-breakpoint
CREATE INDEX "kb_feedback_user" ON "kb_feedback" USING btree ("bot_id","userid");