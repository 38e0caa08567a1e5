-- Tenants. Each address is still fetched once (feeds); who watches it, and for which topic, moves to tenant_feeds,
-- whose ids users see. Every feed that exists becomes a shared feed with the same id, so nothing is lost and every
-- id people know stays the same. Items record who may see them (owners), channels and subscriptions their tenant.
CREATE TABLE "slack_installations" (
	"tenant" text PRIMARY KEY NOT NULL,
	"enterprise_id" text,
	"team_id" text,
	"org_wide" boolean DEFAULT false NOT NULL,
	"sealed" text NOT NULL,
	"installed_at" timestamp with time zone DEFAULT now() NOT NULL,
	"uninstalled_at" timestamp with time zone
);
--> statement-breakpoint
CREATE TABLE "tenant_feeds" (
	"id" serial PRIMARY KEY NOT NULL,
	"tenant" text NOT NULL,
	"feed_id" integer NOT NULL,
	"topic" text NOT NULL,
	"added_by" text,
	"added_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
ALTER TABLE "tenant_feeds" ADD CONSTRAINT "tenant_feeds_feed_id_feeds_id_fk" FOREIGN KEY ("feed_id") REFERENCES "public"."feeds"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
INSERT INTO "tenant_feeds" ("id", "tenant", "feed_id", "topic", "added_by", "added_at")
	SELECT "id", 'shared', "id", "topic", "added_by", "added_at" FROM "feeds";--> statement-breakpoint
SELECT setval(pg_get_serial_sequence('tenant_feeds', 'id'), GREATEST((SELECT max("id") FROM "feeds"), 1), (SELECT count(*) > 0 FROM "feeds"));--> statement-breakpoint
ALTER TABLE "feeds" ADD COLUMN "backfilled_topics" text[] DEFAULT '{}'::text[] NOT NULL;--> statement-breakpoint
UPDATE "feeds" SET "backfilled_topics" = ARRAY["topic"] WHERE "backfilled";--> statement-breakpoint
ALTER TABLE "items" ADD COLUMN "owners" text[] DEFAULT '{}'::text[] NOT NULL;--> statement-breakpoint
ALTER TABLE "items" ADD COLUMN "seen_at" timestamp with time zone;--> statement-breakpoint
UPDATE "items" SET "owners" = '{shared}'::text[],
	"seen_at" = CASE WHEN "published_at" IS NOT NULL AND "published_at" <= "fetched_at" THEN "published_at" ELSE "fetched_at" END;--> statement-breakpoint
ALTER TABLE "items" ALTER COLUMN "seen_at" SET NOT NULL;--> statement-breakpoint
ALTER TABLE "channels" ADD COLUMN "tenant" text;--> statement-breakpoint
ALTER TABLE "channels" ADD COLUMN "digest_now_at" timestamp with time zone;--> statement-breakpoint
UPDATE "channels" SET "tenant" = CASE WHEN "platform" = 'console' THEN 'console' ELSE "platform" || ':' || coalesce("workspace_id", 'unknown') END;--> statement-breakpoint
ALTER TABLE "channels" ALTER COLUMN "tenant" SET NOT NULL;--> statement-breakpoint
ALTER TABLE "subscriptions" ADD COLUMN "tenant" text;--> statement-breakpoint
UPDATE "subscriptions" SET "tenant" = CASE WHEN "platform" = 'console' THEN 'console' ELSE "platform" || ':' || coalesce("workspace_id", 'unknown') END;--> statement-breakpoint
ALTER TABLE "subscriptions" ALTER COLUMN "tenant" SET NOT NULL;--> statement-breakpoint
ALTER TABLE "deliveries" ADD COLUMN "tenant" text;--> statement-breakpoint
UPDATE "deliveries" d SET "tenant" = coalesce(
	(SELECT s."tenant" FROM "subscriptions" s WHERE s."id" = d."subscription_id"),
	(SELECT c."tenant" FROM "channels" c WHERE c."platform" = d."platform" AND c."channel_id" = d."channel_id" LIMIT 1),
	CASE WHEN d."platform" = 'console' THEN 'console' ELSE d."platform" || ':unknown' END);--> statement-breakpoint
ALTER TABLE "deliveries" ALTER COLUMN "tenant" SET NOT NULL;--> statement-breakpoint
DROP INDEX "channels_platform_channel_idx";--> statement-breakpoint
DROP INDEX "items_feed_key_idx";--> statement-breakpoint
DROP INDEX "subscriptions_channel_kind_topic_idx";--> statement-breakpoint
CREATE UNIQUE INDEX "tenant_feeds_tenant_feed_idx" ON "tenant_feeds" USING btree ("tenant","feed_id");--> statement-breakpoint
CREATE INDEX "tenant_feeds_feed_topic_idx" ON "tenant_feeds" USING btree ("feed_id","topic");--> statement-breakpoint
CREATE UNIQUE INDEX "channels_tenant_channel_idx" ON "channels" USING btree ("tenant","platform","channel_id");--> statement-breakpoint
CREATE UNIQUE INDEX "items_feed_topic_key_idx" ON "items" USING btree ("feed_id","topic","key");--> statement-breakpoint
CREATE INDEX "items_owners_idx" ON "items" USING gin ("owners");--> statement-breakpoint
CREATE INDEX "subscriptions_tenant_idx" ON "subscriptions" USING btree ("tenant");--> statement-breakpoint
CREATE UNIQUE INDEX "subscriptions_channel_kind_topic_idx" ON "subscriptions" USING btree ("tenant","platform","channel_id","kind","topic");--> statement-breakpoint
ALTER TABLE "channels" DROP COLUMN "workspace_id";--> statement-breakpoint
ALTER TABLE "feeds" DROP COLUMN "topic";--> statement-breakpoint
ALTER TABLE "feeds" DROP COLUMN "backfilled";--> statement-breakpoint
ALTER TABLE "feeds" DROP COLUMN "added_by";--> statement-breakpoint
ALTER TABLE "subscriptions" DROP COLUMN "workspace_id";
