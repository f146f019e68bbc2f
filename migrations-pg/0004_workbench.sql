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
CREATE TABLE "bot_labels" (
	"bot_id" integer NOT NULL,
	"kind" text NOT NULL,
	"name" text NOT NULL,
	"created_at" bigint NOT NULL,
	CONSTRAINT "bot_labels_bot_id_kind_name_pk" PRIMARY KEY("bot_id","kind","name")
);
--> statement-breakpoint
CREATE TABLE "session_reasons" (
	"session_id" integer PRIMARY KEY NOT NULL,
	"bot_id" integer NOT NULL,
	"reason" text NOT NULL
);
--> statement-breakpoint
CREATE TABLE "session_tags" (
	"session_id" integer NOT NULL,
	"bot_id" integer NOT NULL,
	"tag" text NOT NULL,
	CONSTRAINT "session_tags_session_id_tag_pk" PRIMARY KEY("session_id","tag")
);
--> statement-breakpoint
CREATE TABLE "message_terms" (
	"message_id" integer PRIMARY KEY NOT NULL,
	"terms" text[] NOT NULL
);
--> statement-breakpoint
CREATE INDEX "files_bot" ON "files" USING btree ("bot_id","created_at");--> statement-breakpoint
CREATE INDEX "session_tags_bot_tag" ON "session_tags" USING btree ("bot_id","tag");--> statement-breakpoint
CREATE INDEX "message_terms_terms" ON "message_terms" USING gin ("terms");