CREATE TABLE "nodes" (
	"id" text PRIMARY KEY NOT NULL,
	"lease_until" bigint NOT NULL,
	"started_at" bigint NOT NULL
);
--> statement-breakpoint
CREATE TABLE "presence" (
	"agent_id" integer PRIMARY KEY NOT NULL,
	"bot_id" integer NOT NULL,
	"node_id" text NOT NULL,
	"client_id" text NOT NULL,
	"name" text NOT NULL,
	"head_img" text NOT NULL,
	"status" integer NOT NULL,
	"auto_connect" boolean NOT NULL,
	"logged_in_at" bigint NOT NULL
);
--> statement-breakpoint
CREATE INDEX "presence_bot" ON "presence" USING btree ("bot_id");--> statement-breakpoint
CREATE INDEX "presence_node" ON "presence" USING btree ("node_id");