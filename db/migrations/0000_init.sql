CREATE TABLE "alert_state" (
	"subscription_id" integer PRIMARY KEY NOT NULL,
	"state" text DEFAULT 'inactive' NOT NULL,
	"fingerprint" text,
	"value" real,
	"fired_at" timestamp with time zone,
	"resolved_at" timestamp with time zone,
	"last_notified_at" timestamp with time zone,
	"below_since" timestamp with time zone,
	"evaluated_at" timestamp with time zone
);
--> statement-breakpoint
CREATE TABLE "app_state" (
	"key" text PRIMARY KEY NOT NULL,
	"value" jsonb NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "channels" (
	"id" serial PRIMARY KEY NOT NULL,
	"platform" text NOT NULL,
	"channel_id" text NOT NULL,
	"workspace_id" text,
	"snoozed_until" timestamp with time zone
);
--> statement-breakpoint
CREATE TABLE "deliveries" (
	"id" serial PRIMARY KEY NOT NULL,
	"key" text NOT NULL,
	"subscription_id" integer,
	"platform" text NOT NULL,
	"channel_id" text NOT NULL,
	"kind" text NOT NULL,
	"payload" jsonb NOT NULL,
	"status" text DEFAULT 'pending' NOT NULL,
	"attempts" integer DEFAULT 0 NOT NULL,
	"next_attempt_at" timestamp with time zone DEFAULT now() NOT NULL,
	"claimed_by" text,
	"claimed_until" timestamp with time zone,
	"last_error" text,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"sent_at" timestamp with time zone,
	CONSTRAINT "deliveries_key_unique" UNIQUE("key")
);
--> statement-breakpoint
CREATE TABLE "feeds" (
	"id" serial PRIMARY KEY NOT NULL,
	"url" text NOT NULL,
	"topic" text NOT NULL,
	"title" text,
	"status" text DEFAULT 'active' NOT NULL,
	"interval_seconds" integer,
	"next_poll_at" timestamp with time zone DEFAULT now() NOT NULL,
	"last_polled_at" timestamp with time zone,
	"last_success_at" timestamp with time zone,
	"etag" text,
	"last_modified" text,
	"consecutive_failures" integer DEFAULT 0 NOT NULL,
	"last_error" text,
	"backfilled" boolean DEFAULT false NOT NULL,
	"added_at" timestamp with time zone DEFAULT now() NOT NULL,
	"added_by" text,
	"claimed_until" timestamp with time zone,
	CONSTRAINT "feeds_url_unique" UNIQUE("url")
);
--> statement-breakpoint
CREATE TABLE "items" (
	"id" serial PRIMARY KEY NOT NULL,
	"feed_id" integer,
	"key" text NOT NULL,
	"guid" text,
	"url" text,
	"canonical_url" text,
	"title" text NOT NULL,
	"summary" text DEFAULT '' NOT NULL,
	"published_at" timestamp with time zone,
	"fetched_at" timestamp with time zone NOT NULL,
	"backfill" boolean DEFAULT false NOT NULL,
	"topic" text NOT NULL,
	"relevant" boolean DEFAULT false NOT NULL,
	"label" text DEFAULT 'neutral' NOT NULL,
	"score" real DEFAULT 0 NOT NULL,
	"rules" jsonb DEFAULT '[]'::jsonb NOT NULL,
	"story_id" integer
);
--> statement-breakpoint
CREATE TABLE "stories" (
	"id" serial PRIMARY KEY NOT NULL,
	"topic" text NOT NULL,
	"title" text NOT NULL,
	"canonical_url" text,
	"source" text,
	"label" text DEFAULT 'neutral' NOT NULL,
	"score" real DEFAULT 0 NOT NULL,
	"first_seen_at" timestamp with time zone NOT NULL,
	"last_seen_at" timestamp with time zone NOT NULL,
	"item_count" integer DEFAULT 1 NOT NULL,
	"backfill" boolean DEFAULT false NOT NULL
);
--> statement-breakpoint
CREATE TABLE "subscriptions" (
	"id" serial PRIMARY KEY NOT NULL,
	"platform" text NOT NULL,
	"channel_id" text NOT NULL,
	"workspace_id" text,
	"kind" text NOT NULL,
	"topic" text NOT NULL,
	"digest_time" text,
	"timezone" text,
	"next_digest_at" timestamp with time zone,
	"last_digest_at" timestamp with time zone,
	"quiet_day" text DEFAULT 'line' NOT NULL,
	"alert_rule" jsonb,
	"repeat_minutes" integer,
	"notify_resolved" boolean DEFAULT true NOT NULL,
	"paused_reason" text,
	"paused_at" timestamp with time zone,
	"created_by" text,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
ALTER TABLE "alert_state" ADD CONSTRAINT "alert_state_subscription_id_subscriptions_id_fk" FOREIGN KEY ("subscription_id") REFERENCES "public"."subscriptions"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "deliveries" ADD CONSTRAINT "deliveries_subscription_id_subscriptions_id_fk" FOREIGN KEY ("subscription_id") REFERENCES "public"."subscriptions"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "items" ADD CONSTRAINT "items_feed_id_feeds_id_fk" FOREIGN KEY ("feed_id") REFERENCES "public"."feeds"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "items" ADD CONSTRAINT "items_story_id_stories_id_fk" FOREIGN KEY ("story_id") REFERENCES "public"."stories"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
CREATE UNIQUE INDEX "channels_platform_channel_idx" ON "channels" USING btree ("platform","channel_id");--> statement-breakpoint
CREATE INDEX "deliveries_due_idx" ON "deliveries" USING btree ("status","next_attempt_at");--> statement-breakpoint
CREATE INDEX "feeds_next_poll_idx" ON "feeds" USING btree ("next_poll_at");--> statement-breakpoint
CREATE UNIQUE INDEX "items_feed_key_idx" ON "items" USING btree ("feed_id","key");--> statement-breakpoint
CREATE INDEX "items_story_idx" ON "items" USING btree ("story_id");--> statement-breakpoint
CREATE INDEX "items_topic_fetched_idx" ON "items" USING btree ("topic","fetched_at");--> statement-breakpoint
CREATE INDEX "items_url_idx" ON "items" USING btree ("url");--> statement-breakpoint
CREATE INDEX "stories_topic_first_seen_idx" ON "stories" USING btree ("topic","first_seen_at");--> statement-breakpoint
CREATE INDEX "stories_canonical_url_idx" ON "stories" USING btree ("canonical_url");--> statement-breakpoint
CREATE UNIQUE INDEX "subscriptions_channel_kind_topic_idx" ON "subscriptions" USING btree ("platform","channel_id","kind","topic");--> statement-breakpoint
CREATE INDEX "subscriptions_next_digest_idx" ON "subscriptions" USING btree ("next_digest_at");