CREATE TABLE "files" (
	"id" text PRIMARY KEY NOT NULL,
	"bot_id" integer NOT NULL,
	"agent_id" integer,
	"name" text NOT NULL,
	"mime" text NOT NULL,
	"size" bigint NOT NULL,
	"secret" text NOT NULL,
	"created_at" bigint NOT NULL
);
--> statement-breakpoint
CREATE INDEX "files_bot" ON "files" USING btree ("bot_id","created_at");