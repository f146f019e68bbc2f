CREATE TABLE "kb_entries" (
	"id" integer PRIMARY KEY GENERATED ALWAYS AS IDENTITY (sequence name "kb_entries_id_seq" INCREMENT BY 1 MINVALUE 1 MAXVALUE 2147483647 START WITH 1 CACHE 1),
	"bot_id" integer NOT NULL,
	"source" text NOT NULL,
	"answer" text NOT NULL,
	"learned_key" text,
	"created_at" bigint NOT NULL,
	"updated_at" bigint NOT NULL
);
--> statement-breakpoint
CREATE TABLE "kb_feedback" (
	"id" integer PRIMARY KEY GENERATED ALWAYS AS IDENTITY (sequence name "kb_feedback_id_seq" INCREMENT BY 1 MINVALUE 1 MAXVALUE 2147483647 START WITH 1 CACHE 1),
	"bot_id" integer NOT NULL,
	"entry_id" integer NOT NULL,
	"question" text NOT NULL,
	"verdict" text NOT NULL,
	"created_at" bigint NOT NULL
);
--> statement-breakpoint
CREATE TABLE "kb_misses" (
	"id" integer PRIMARY KEY GENERATED ALWAYS AS IDENTITY (sequence name "kb_misses_id_seq" INCREMENT BY 1 MINVALUE 1 MAXVALUE 2147483647 START WITH 1 CACHE 1),
	"bot_id" integer NOT NULL,
	"userid" text NOT NULL,
	"question" text NOT NULL,
	"reply" text NOT NULL,
	"created_at" bigint NOT NULL
);
--> statement-breakpoint
CREATE TABLE "kb_questions" (
	"id" integer PRIMARY KEY GENERATED ALWAYS AS IDENTITY (sequence name "kb_questions_id_seq" INCREMENT BY 1 MINVALUE 1 MAXVALUE 2147483647 START WITH 1 CACHE 1),
	"entry_id" integer NOT NULL,
	"text" text NOT NULL,
	"tokens" integer DEFAULT 0 NOT NULL
);
--> statement-breakpoint
CREATE TABLE "kb_terms" (
	"question_id" integer NOT NULL,
	"bot_id" integer NOT NULL,
	"col" smallint NOT NULL,
	"term" text NOT NULL,
	"count" integer NOT NULL,
	CONSTRAINT "kb_terms_question_id_col_term_pk" PRIMARY KEY("question_id","col","term")
);
--> statement-breakpoint
ALTER TABLE "kb_entries" ADD CONSTRAINT "kb_entries_bot_id_bots_id_fk" FOREIGN KEY ("bot_id") REFERENCES "public"."bots"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "kb_feedback" ADD CONSTRAINT "kb_feedback_bot_id_bots_id_fk" FOREIGN KEY ("bot_id") REFERENCES "public"."bots"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "kb_feedback" ADD CONSTRAINT "kb_feedback_entry_id_kb_entries_id_fk" FOREIGN KEY ("entry_id") REFERENCES "public"."kb_entries"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "kb_misses" ADD CONSTRAINT "kb_misses_bot_id_bots_id_fk" FOREIGN KEY ("bot_id") REFERENCES "public"."bots"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "kb_questions" ADD CONSTRAINT "kb_questions_entry_id_kb_entries_id_fk" FOREIGN KEY ("entry_id") REFERENCES "public"."kb_entries"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "kb_terms" ADD CONSTRAINT "kb_terms_question_id_kb_questions_id_fk" FOREIGN KEY ("question_id") REFERENCES "public"."kb_questions"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "kb_entries_bot" ON "kb_entries" USING btree ("bot_id","source","id");--> statement-breakpoint
CREATE UNIQUE INDEX "kb_entries_learned" ON "kb_entries" USING btree ("bot_id","learned_key") WHERE learned_key IS NOT NULL;--> statement-breakpoint
CREATE INDEX "kb_feedback_entry" ON "kb_feedback" USING btree ("bot_id","entry_id");--> statement-breakpoint
CREATE UNIQUE INDEX "kb_misses_question" ON "kb_misses" USING btree ("bot_id","userid","question");--> statement-breakpoint
CREATE INDEX "kb_misses_bot" ON "kb_misses" USING btree ("bot_id","created_at");--> statement-breakpoint
CREATE INDEX "kb_questions_entry" ON "kb_questions" USING btree ("entry_id");--> statement-breakpoint
CREATE INDEX "kb_terms_term" ON "kb_terms" USING btree ("bot_id","term");