CREATE TABLE "outreach_accounts" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"unit_id" uuid NOT NULL,
	"platform" text NOT NULL,
	"name" text NOT NULL,
	"external_id" text,
	"access_token_enc" text,
	"webhook_secret_enc" text,
	"settings" jsonb DEFAULT '{}'::jsonb NOT NULL,
	"active" boolean DEFAULT true NOT NULL,
	"updated_by" uuid,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "outreach_accounts_unit_platform" UNIQUE("unit_id","platform"),
	CONSTRAINT "outreach_accounts_platform_check" CHECK ("outreach_accounts"."platform" IN ('facebook', 'zalo_oa', 'zns', 'sms', 'email'))
);
--> statement-breakpoint
CREATE TABLE "webhook_receipts" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"platform" text NOT NULL,
	"event_key" text NOT NULL,
	"account_id" uuid,
	"sender" text,
	"outcome" text NOT NULL,
	"feedback_item_id" uuid,
	"received_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "webhook_receipts_event" UNIQUE("platform","event_key")
);
--> statement-breakpoint
CREATE TABLE "content_publications" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"content_item_id" uuid NOT NULL,
	"unit_id" uuid NOT NULL,
	"platform" text NOT NULL,
	"scheduled_at" timestamp with time zone,
	"status" text DEFAULT 'queued' NOT NULL,
	"outbox_message_id" uuid,
	"activity_id" uuid,
	"external_id" text,
	"external_url" text,
	"engagement" jsonb DEFAULT '{}'::jsonb NOT NULL,
	"engagement_at" timestamp with time zone,
	"created_by" uuid,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"published_at" timestamp with time zone,
	CONSTRAINT "content_publications_item_platform" UNIQUE("content_item_id","platform"),
	CONSTRAINT "content_publications_platform_check" CHECK ("content_publications"."platform" IN ('facebook', 'zalo_oa', 'portal')),
	CONSTRAINT "content_publications_status_check" CHECK ("content_publications"."status" IN ('queued', 'published', 'failed', 'cancelled'))
);
--> statement-breakpoint
CREATE TABLE "subscriptions" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"unit_id" uuid NOT NULL,
	"topic" text NOT NULL,
	"channel" text NOT NULL,
	"address" text NOT NULL,
	"token" text NOT NULL,
	"status" text DEFAULT 'pending' NOT NULL,
	"locale" text DEFAULT 'vi' NOT NULL,
	"confirmed_at" timestamp with time zone,
	"unsubscribed_at" timestamp with time zone,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "subscriptions_token_unique" UNIQUE("token"),
	CONSTRAINT "subscriptions_unit_topic_address" UNIQUE("unit_id","topic","channel","address"),
	CONSTRAINT "subscriptions_topic_check" CHECK ("subscriptions"."topic" IN ('news', 'schedule', 'dialogues')),
	CONSTRAINT "subscriptions_channel_check" CHECK ("subscriptions"."channel" IN ('sms', 'zns', 'email')),
	CONSTRAINT "subscriptions_status_check" CHECK ("subscriptions"."status" IN ('pending', 'active', 'unsubscribed'))
);
--> statement-breakpoint
CREATE TABLE "outbox_attempts" (
	"id" bigserial PRIMARY KEY NOT NULL,
	"message_id" uuid NOT NULL,
	"attempt" integer NOT NULL,
	"outcome" text NOT NULL,
	"http_status" integer,
	"detail" text,
	"provider_message_id" text,
	"worker" text,
	"at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "outbox_messages" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"unit_id" uuid NOT NULL,
	"channel" text NOT NULL,
	"account_id" uuid,
	"kind" text NOT NULL,
	"recipient" text NOT NULL,
	"household_id" uuid,
	"user_id" uuid,
	"subscription_id" uuid,
	"subject" text,
	"body" text NOT NULL,
	"payload" jsonb DEFAULT '{}'::jsonb NOT NULL,
	"idempotency_key" text NOT NULL,
	"cause_type" text,
	"cause_id" uuid,
	"status" text DEFAULT 'queued' NOT NULL,
	"attempts" integer DEFAULT 0 NOT NULL,
	"max_attempts" integer DEFAULT 8 NOT NULL,
	"next_attempt_at" timestamp with time zone DEFAULT now() NOT NULL,
	"lease_until" timestamp with time zone,
	"provider_message_id" text,
	"last_error" text,
	"created_by" uuid,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"sent_at" timestamp with time zone,
	"delivered_at" timestamp with time zone,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "outbox_messages_idempotency_key_unique" UNIQUE("idempotency_key"),
	CONSTRAINT "outbox_channel_check" CHECK ("outbox_messages"."channel" IN ('email', 'sms', 'zns', 'zalo_oa', 'facebook')),
	CONSTRAINT "outbox_status_check" CHECK ("outbox_messages"."status" IN ('queued', 'sending', 'sent', 'delivered', 'failed', 'dead', 'cancelled')),
	CONSTRAINT "outbox_size_check" CHECK (length("outbox_messages"."body") <= 20000 AND length("outbox_messages"."recipient") <= 320)
);
--> statement-breakpoint
CREATE TABLE "outbox_rate_buckets" (
	"key" text PRIMARY KEY NOT NULL,
	"next_at" timestamp with time zone DEFAULT now() NOT NULL,
	"rate_per_second" integer DEFAULT 10 NOT NULL
);
--> statement-breakpoint
CREATE TABLE "notification_preferences" (
	"user_id" uuid PRIMARY KEY NOT NULL,
	"email" text,
	"phone" text,
	"zalo_user_id" text,
	"channels" text[] DEFAULT '{workspace}'::text[] NOT NULL,
	"digest" boolean DEFAULT true NOT NULL,
	"digest_hour" integer DEFAULT 7 NOT NULL,
	"kinds" text[] DEFAULT '{report_due,feedback_deadline,task_due,approval_waiting}'::text[] NOT NULL,
	"last_digest_at" timestamp with time zone,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "reminders" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"user_id" uuid NOT NULL,
	"unit_id" uuid,
	"kind" text NOT NULL,
	"subject_key" text NOT NULL,
	"params" jsonb DEFAULT '{}'::jsonb NOT NULL,
	"link" text NOT NULL,
	"due_at" timestamp with time zone,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"read_at" timestamp with time zone,
	"delivered_at" timestamp with time zone,
	"outbox_message_id" uuid,
	CONSTRAINT "reminders_user_subject" UNIQUE("user_id","kind","subject_key"),
	CONSTRAINT "reminders_kind_check" CHECK ("reminders"."kind" IN ('report_due', 'feedback_deadline', 'task_due', 'approval_waiting'))
);
--> statement-breakpoint
ALTER TABLE "feedback_items" DROP CONSTRAINT "feedback_items_channel_check";--> statement-breakpoint
ALTER TABLE "outreach_accounts" ADD CONSTRAINT "outreach_accounts_unit_id_units_id_fk" FOREIGN KEY ("unit_id") REFERENCES "public"."units"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "outreach_accounts" ADD CONSTRAINT "outreach_accounts_updated_by_users_id_fk" FOREIGN KEY ("updated_by") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "webhook_receipts" ADD CONSTRAINT "webhook_receipts_account_id_outreach_accounts_id_fk" FOREIGN KEY ("account_id") REFERENCES "public"."outreach_accounts"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "webhook_receipts" ADD CONSTRAINT "webhook_receipts_feedback_item_id_feedback_items_id_fk" FOREIGN KEY ("feedback_item_id") REFERENCES "public"."feedback_items"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "content_publications" ADD CONSTRAINT "content_publications_content_item_id_content_items_id_fk" FOREIGN KEY ("content_item_id") REFERENCES "public"."content_items"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "content_publications" ADD CONSTRAINT "content_publications_unit_id_units_id_fk" FOREIGN KEY ("unit_id") REFERENCES "public"."units"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "content_publications" ADD CONSTRAINT "content_publications_activity_id_activities_id_fk" FOREIGN KEY ("activity_id") REFERENCES "public"."activities"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "content_publications" ADD CONSTRAINT "content_publications_created_by_users_id_fk" FOREIGN KEY ("created_by") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "subscriptions" ADD CONSTRAINT "subscriptions_unit_id_units_id_fk" FOREIGN KEY ("unit_id") REFERENCES "public"."units"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "outbox_attempts" ADD CONSTRAINT "outbox_attempts_message_id_outbox_messages_id_fk" FOREIGN KEY ("message_id") REFERENCES "public"."outbox_messages"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "outbox_messages" ADD CONSTRAINT "outbox_messages_unit_id_units_id_fk" FOREIGN KEY ("unit_id") REFERENCES "public"."units"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "outbox_messages" ADD CONSTRAINT "outbox_messages_account_id_outreach_accounts_id_fk" FOREIGN KEY ("account_id") REFERENCES "public"."outreach_accounts"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "outbox_messages" ADD CONSTRAINT "outbox_messages_household_id_households_id_fk" FOREIGN KEY ("household_id") REFERENCES "public"."households"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "outbox_messages" ADD CONSTRAINT "outbox_messages_user_id_users_id_fk" FOREIGN KEY ("user_id") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "outbox_messages" ADD CONSTRAINT "outbox_messages_subscription_id_subscriptions_id_fk" FOREIGN KEY ("subscription_id") REFERENCES "public"."subscriptions"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "outbox_messages" ADD CONSTRAINT "outbox_messages_created_by_users_id_fk" FOREIGN KEY ("created_by") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "notification_preferences" ADD CONSTRAINT "notification_preferences_user_id_users_id_fk" FOREIGN KEY ("user_id") REFERENCES "public"."users"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "reminders" ADD CONSTRAINT "reminders_user_id_users_id_fk" FOREIGN KEY ("user_id") REFERENCES "public"."users"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "reminders" ADD CONSTRAINT "reminders_unit_id_units_id_fk" FOREIGN KEY ("unit_id") REFERENCES "public"."units"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "webhook_receipts_at_idx" ON "webhook_receipts" USING btree ("received_at");--> statement-breakpoint
CREATE INDEX "content_publications_unit_idx" ON "content_publications" USING btree ("unit_id","created_at");--> statement-breakpoint
CREATE INDEX "subscriptions_active_idx" ON "subscriptions" USING btree ("unit_id","topic") WHERE "subscriptions"."status" = 'active';--> statement-breakpoint
CREATE INDEX "subscriptions_address_idx" ON "subscriptions" USING btree ("address");--> statement-breakpoint
CREATE INDEX "outbox_attempts_message_idx" ON "outbox_attempts" USING btree ("message_id","at");--> statement-breakpoint
CREATE INDEX "outbox_due_idx" ON "outbox_messages" USING btree ("next_attempt_at") WHERE "outbox_messages"."status" IN ('queued', 'failed', 'sending');--> statement-breakpoint
CREATE INDEX "outbox_unit_idx" ON "outbox_messages" USING btree ("unit_id","created_at");--> statement-breakpoint
CREATE INDEX "outbox_cause_idx" ON "outbox_messages" USING btree ("cause_type","cause_id");--> statement-breakpoint
CREATE INDEX "outbox_dead_idx" ON "outbox_messages" USING btree ("unit_id") WHERE "outbox_messages"."status" = 'dead';--> statement-breakpoint
CREATE INDEX "reminders_user_idx" ON "reminders" USING btree ("user_id","created_at");--> statement-breakpoint
CREATE INDEX "reminders_undelivered_idx" ON "reminders" USING btree ("user_id") WHERE "reminders"."delivered_at" IS NULL;--> statement-breakpoint
ALTER TABLE "feedback_items" ADD CONSTRAINT "feedback_items_channel_check" CHECK ("feedback_items"."channel" IN ('portal', 'api', 'phone', 'in_person', 'dialogue', 'letter', 'zalo', 'sms'));