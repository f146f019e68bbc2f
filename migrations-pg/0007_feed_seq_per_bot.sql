DROP INDEX "events_bot_seq";--> statement-breakpoint
ALTER TABLE "events" DROP CONSTRAINT "events_pkey";--> statement-breakpoint
ALTER TABLE "events" ADD CONSTRAINT "events_bot_id_seq_pk" PRIMARY KEY("bot_id","seq");--> statement-breakpoint
-- Edited by hand: the one global row goes before its key column (a table has one primary
-- key), and each bot's row starts at its largest seq; the global seqs already increase per bot.
DELETE FROM "event_seq";--> statement-breakpoint
ALTER TABLE "event_seq" DROP COLUMN "id";--> statement-breakpoint
ALTER TABLE "event_seq" ADD COLUMN "bot_id" integer PRIMARY KEY NOT NULL;--> statement-breakpoint
INSERT INTO "event_seq" ("bot_id", "last") SELECT "bot_id", max("seq") FROM "events" GROUP BY "bot_id";
