CREATE TABLE "story_days" (
	"day" date NOT NULL,
	"topic" text NOT NULL,
	"label" text NOT NULL,
	"backfill" boolean NOT NULL,
	"owners" text[] NOT NULL,
	"stories" integer NOT NULL,
	CONSTRAINT "story_days_day_topic_label_backfill_owners_pk" PRIMARY KEY("day","topic","label","backfill","owners")
);
--> statement-breakpoint
CREATE INDEX "story_days_topic_day_idx" ON "story_days" USING btree ("topic","day");--> statement-breakpoint
CREATE INDEX "items_storyless_fetched_idx" ON "items" USING btree ("fetched_at") WHERE "items"."story_id" is null;--> statement-breakpoint
CREATE INDEX "stories_last_seen_idx" ON "stories" USING btree ("last_seen_at");