CREATE TABLE "file_blobs" (
	"sha256" text PRIMARY KEY NOT NULL,
	"bytes" "bytea" NOT NULL,
	"size" integer NOT NULL
);
--> statement-breakpoint
CREATE TABLE "stored_files" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"sha256" text NOT NULL,
	"mime" text NOT NULL,
	"size" integer NOT NULL,
	"original_name" text NOT NULL,
	"unit_id" uuid NOT NULL,
	"created_by" uuid,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "stored_files_size_check" CHECK ("stored_files"."size" >= 0)
);
--> statement-breakpoint
CREATE TABLE "activities" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"unit_id" uuid NOT NULL,
	"covered_unit_ids" uuid[] DEFAULT '{}'::uuid[] NOT NULL,
	"channel_code" text NOT NULL,
	"plan_id" uuid,
	"themes" text[] DEFAULT '{}'::text[] NOT NULL,
	"title" text NOT NULL,
	"description" text,
	"place" text,
	"date" date NOT NULL,
	"start_time" text,
	"end_time" text,
	"organiser" text,
	"responsible" text,
	"responsible_user_id" uuid,
	"audiences" text[] DEFAULT '{}'::text[] NOT NULL,
	"materials" jsonb DEFAULT '[]'::jsonb NOT NULL,
	"cost" bigint,
	"content_id" uuid,
	"status" text DEFAULT 'planned' NOT NULL,
	"verified_by" uuid,
	"verified_at" timestamp with time zone,
	"source" text DEFAULT 'web' NOT NULL,
	"payload_hash" text,
	"version" integer DEFAULT 1 NOT NULL,
	"created_by" uuid,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "activities_status_check" CHECK ("activities"."status" IN ('planned', 'done', 'verified')),
	CONSTRAINT "activities_cost_check" CHECK ("activities"."cost" IS NULL OR "activities"."cost" >= 0),
	CONSTRAINT "activities_time_check" CHECK (("activities"."start_time" IS NULL OR "activities"."start_time" ~ '^([01][0-9]|2[0-3]):[0-5][0-9]$') AND ("activities"."end_time" IS NULL OR "activities"."end_time" ~ '^([01][0-9]|2[0-3]):[0-5][0-9]$'))
);
--> statement-breakpoint
CREATE TABLE "activity_costs" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"activity_id" uuid NOT NULL,
	"source_code" text NOT NULL,
	"amount" bigint NOT NULL,
	"note" text,
	CONSTRAINT "activity_costs_amount_check" CHECK ("activity_costs"."amount" >= 0)
);
--> statement-breakpoint
CREATE TABLE "activity_counts" (
	"activity_id" uuid NOT NULL,
	"group_code" text NOT NULL,
	"count" integer NOT NULL,
	CONSTRAINT "activity_counts_activity_id_group_code_pk" PRIMARY KEY("activity_id","group_code"),
	CONSTRAINT "activity_counts_check" CHECK ("activity_counts"."count" >= 0)
);
--> statement-breakpoint
CREATE TABLE "activity_evidence" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"activity_id" uuid NOT NULL,
	"kind" text NOT NULL,
	"file_id" uuid,
	"url" text,
	"caption" text,
	"created_by" uuid,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "activity_evidence_kind_check" CHECK ("activity_evidence"."kind" IN ('photo', 'attendance_sheet', 'document', 'link')),
	CONSTRAINT "activity_evidence_target_check" CHECK (("activity_evidence"."file_id" IS NOT NULL) <> ("activity_evidence"."url" IS NOT NULL))
);
--> statement-breakpoint
CREATE TABLE "activity_households" (
	"activity_id" uuid NOT NULL,
	"household_id" uuid NOT NULL,
	"how" text DEFAULT 'picked' NOT NULL,
	CONSTRAINT "activity_households_activity_id_household_id_pk" PRIMARY KEY("activity_id","household_id")
);
--> statement-breakpoint
CREATE TABLE "content_distributions" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"content_id" uuid NOT NULL,
	"unit_id" uuid NOT NULL,
	"quantity" integer NOT NULL,
	"distributed_on" date NOT NULL,
	"activity_id" uuid,
	"created_by" uuid,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "content_distributions_quantity_check" CHECK ("content_distributions"."quantity" > 0)
);
--> statement-breakpoint
CREATE TABLE "content_items" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"unit_id" uuid NOT NULL,
	"kind" text NOT NULL,
	"title" text NOT NULL,
	"summary" text,
	"body" text DEFAULT '' NOT NULL,
	"priority" text DEFAULT 'normal' NOT NULL,
	"status" text DEFAULT 'draft' NOT NULL,
	"plan_id" uuid,
	"themes" text[] DEFAULT '{}'::text[] NOT NULL,
	"audiences" text[] DEFAULT '{}'::text[] NOT NULL,
	"file_id" uuid,
	"audio_file_id" uuid,
	"audio_engine" text,
	"audio_text_hash" text,
	"review_comment" text,
	"author_id" uuid,
	"submitted_at" timestamp with time zone,
	"approved_by" uuid,
	"approved_at" timestamp with time zone,
	"published_by" uuid,
	"published_at" timestamp with time zone,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "content_items_kind_check" CHECK ("content_items"."kind" IN ('article', 'bulletin', 'social_post', 'leaflet')),
	CONSTRAINT "content_items_status_check" CHECK ("content_items"."status" IN ('draft', 'in_review', 'approved', 'published')),
	CONSTRAINT "content_items_priority_check" CHECK ("content_items"."priority" IN ('normal', 'priority', 'emergency'))
);
--> statement-breakpoint
CREATE TABLE "content_print_runs" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"content_id" uuid NOT NULL,
	"printed_on" date NOT NULL,
	"quantity" integer NOT NULL,
	"printer" text,
	"cost" bigint,
	"created_by" uuid,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "content_print_runs_quantity_check" CHECK ("content_print_runs"."quantity" > 0),
	CONSTRAINT "content_print_runs_cost_check" CHECK ("content_print_runs"."cost" IS NULL OR "content_print_runs"."cost" >= 0)
);
--> statement-breakpoint
CREATE TABLE "broadcasts" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"station_id" uuid NOT NULL,
	"slot_id" uuid,
	"content_id" uuid NOT NULL,
	"date" date NOT NULL,
	"position" integer DEFAULT 0 NOT NULL,
	"status" text DEFAULT 'scheduled' NOT NULL,
	"played_at" timestamp with time zone,
	"confirmed_by" uuid,
	"confirmed_via" text,
	"activity_id" uuid,
	"created_by" uuid,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "broadcasts_status_check" CHECK ("broadcasts"."status" IN ('scheduled', 'played', 'missed', 'cancelled'))
);
--> statement-breakpoint
CREATE TABLE "station_slots" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"station_id" uuid NOT NULL,
	"start_time" text NOT NULL,
	"minutes" integer NOT NULL,
	"weekdays" integer[] DEFAULT '{1,2,3,4,5,6,7}'::int[] NOT NULL,
	"label" text,
	CONSTRAINT "station_slots_time_check" CHECK ("station_slots"."start_time" ~ '^([01][0-9]|2[0-3]):[0-5][0-9]$'),
	CONSTRAINT "station_slots_minutes_check" CHECK ("station_slots"."minutes" BETWEEN 1 AND 240)
);
--> statement-breakpoint
CREATE TABLE "stations" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"unit_id" uuid NOT NULL,
	"name" text NOT NULL,
	"kind" text NOT NULL,
	"token_hash" text,
	"active" boolean DEFAULT true NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "stations_kind_check" CHECK ("stations"."kind" IN ('wired', 'fm', 'ip'))
);
--> statement-breakpoint
ALTER TABLE "stored_files" ADD CONSTRAINT "stored_files_sha256_file_blobs_sha256_fk" FOREIGN KEY ("sha256") REFERENCES "public"."file_blobs"("sha256") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "stored_files" ADD CONSTRAINT "stored_files_unit_id_units_id_fk" FOREIGN KEY ("unit_id") REFERENCES "public"."units"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "stored_files" ADD CONSTRAINT "stored_files_created_by_users_id_fk" FOREIGN KEY ("created_by") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "activities" ADD CONSTRAINT "activities_unit_id_units_id_fk" FOREIGN KEY ("unit_id") REFERENCES "public"."units"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "activities" ADD CONSTRAINT "activities_channel_code_channels_code_fk" FOREIGN KEY ("channel_code") REFERENCES "public"."channels"("code") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "activities" ADD CONSTRAINT "activities_plan_id_plans_id_fk" FOREIGN KEY ("plan_id") REFERENCES "public"."plans"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "activities" ADD CONSTRAINT "activities_responsible_user_id_users_id_fk" FOREIGN KEY ("responsible_user_id") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "activities" ADD CONSTRAINT "activities_content_id_content_items_id_fk" FOREIGN KEY ("content_id") REFERENCES "public"."content_items"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "activities" ADD CONSTRAINT "activities_verified_by_users_id_fk" FOREIGN KEY ("verified_by") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "activities" ADD CONSTRAINT "activities_created_by_users_id_fk" FOREIGN KEY ("created_by") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "activity_costs" ADD CONSTRAINT "activity_costs_activity_id_activities_id_fk" FOREIGN KEY ("activity_id") REFERENCES "public"."activities"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "activity_costs" ADD CONSTRAINT "activity_costs_source_code_funding_sources_code_fk" FOREIGN KEY ("source_code") REFERENCES "public"."funding_sources"("code") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "activity_counts" ADD CONSTRAINT "activity_counts_activity_id_activities_id_fk" FOREIGN KEY ("activity_id") REFERENCES "public"."activities"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "activity_counts" ADD CONSTRAINT "activity_counts_group_code_audience_groups_code_fk" FOREIGN KEY ("group_code") REFERENCES "public"."audience_groups"("code") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "activity_evidence" ADD CONSTRAINT "activity_evidence_activity_id_activities_id_fk" FOREIGN KEY ("activity_id") REFERENCES "public"."activities"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "activity_evidence" ADD CONSTRAINT "activity_evidence_file_id_stored_files_id_fk" FOREIGN KEY ("file_id") REFERENCES "public"."stored_files"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "activity_evidence" ADD CONSTRAINT "activity_evidence_created_by_users_id_fk" FOREIGN KEY ("created_by") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "activity_households" ADD CONSTRAINT "activity_households_activity_id_activities_id_fk" FOREIGN KEY ("activity_id") REFERENCES "public"."activities"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "activity_households" ADD CONSTRAINT "activity_households_household_id_households_id_fk" FOREIGN KEY ("household_id") REFERENCES "public"."households"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "content_distributions" ADD CONSTRAINT "content_distributions_content_id_content_items_id_fk" FOREIGN KEY ("content_id") REFERENCES "public"."content_items"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "content_distributions" ADD CONSTRAINT "content_distributions_unit_id_units_id_fk" FOREIGN KEY ("unit_id") REFERENCES "public"."units"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "content_distributions" ADD CONSTRAINT "content_distributions_created_by_users_id_fk" FOREIGN KEY ("created_by") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "content_items" ADD CONSTRAINT "content_items_unit_id_units_id_fk" FOREIGN KEY ("unit_id") REFERENCES "public"."units"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "content_items" ADD CONSTRAINT "content_items_plan_id_plans_id_fk" FOREIGN KEY ("plan_id") REFERENCES "public"."plans"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "content_items" ADD CONSTRAINT "content_items_file_id_stored_files_id_fk" FOREIGN KEY ("file_id") REFERENCES "public"."stored_files"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "content_items" ADD CONSTRAINT "content_items_audio_file_id_stored_files_id_fk" FOREIGN KEY ("audio_file_id") REFERENCES "public"."stored_files"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "content_items" ADD CONSTRAINT "content_items_author_id_users_id_fk" FOREIGN KEY ("author_id") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "content_items" ADD CONSTRAINT "content_items_approved_by_users_id_fk" FOREIGN KEY ("approved_by") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "content_items" ADD CONSTRAINT "content_items_published_by_users_id_fk" FOREIGN KEY ("published_by") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "content_print_runs" ADD CONSTRAINT "content_print_runs_content_id_content_items_id_fk" FOREIGN KEY ("content_id") REFERENCES "public"."content_items"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "content_print_runs" ADD CONSTRAINT "content_print_runs_created_by_users_id_fk" FOREIGN KEY ("created_by") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "broadcasts" ADD CONSTRAINT "broadcasts_station_id_stations_id_fk" FOREIGN KEY ("station_id") REFERENCES "public"."stations"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "broadcasts" ADD CONSTRAINT "broadcasts_slot_id_station_slots_id_fk" FOREIGN KEY ("slot_id") REFERENCES "public"."station_slots"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "broadcasts" ADD CONSTRAINT "broadcasts_content_id_content_items_id_fk" FOREIGN KEY ("content_id") REFERENCES "public"."content_items"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "broadcasts" ADD CONSTRAINT "broadcasts_confirmed_by_users_id_fk" FOREIGN KEY ("confirmed_by") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "broadcasts" ADD CONSTRAINT "broadcasts_activity_id_activities_id_fk" FOREIGN KEY ("activity_id") REFERENCES "public"."activities"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "broadcasts" ADD CONSTRAINT "broadcasts_created_by_users_id_fk" FOREIGN KEY ("created_by") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "station_slots" ADD CONSTRAINT "station_slots_station_id_stations_id_fk" FOREIGN KEY ("station_id") REFERENCES "public"."stations"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "stations" ADD CONSTRAINT "stations_unit_id_units_id_fk" FOREIGN KEY ("unit_id") REFERENCES "public"."units"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "stored_files_sha_idx" ON "stored_files" USING btree ("sha256");--> statement-breakpoint
CREATE INDEX "activities_unit_date_idx" ON "activities" USING btree ("unit_id","date");--> statement-breakpoint
CREATE INDEX "activities_date_idx" ON "activities" USING btree ("date");--> statement-breakpoint
CREATE INDEX "activities_plan_idx" ON "activities" USING btree ("plan_id") WHERE "activities"."plan_id" IS NOT NULL;--> statement-breakpoint
CREATE INDEX "activities_content_idx" ON "activities" USING btree ("content_id") WHERE "activities"."content_id" IS NOT NULL;--> statement-breakpoint
CREATE INDEX "activity_costs_activity_idx" ON "activity_costs" USING btree ("activity_id");--> statement-breakpoint
CREATE INDEX "activity_evidence_activity_idx" ON "activity_evidence" USING btree ("activity_id");--> statement-breakpoint
CREATE INDEX "activity_households_household_idx" ON "activity_households" USING btree ("household_id");--> statement-breakpoint
CREATE INDEX "content_distributions_content_idx" ON "content_distributions" USING btree ("content_id");--> statement-breakpoint
CREATE UNIQUE INDEX "content_distributions_activity_idx" ON "content_distributions" USING btree ("activity_id") WHERE "content_distributions"."activity_id" IS NOT NULL;--> statement-breakpoint
CREATE INDEX "content_items_unit_idx" ON "content_items" USING btree ("unit_id","kind","status");--> statement-breakpoint
CREATE INDEX "content_items_published_idx" ON "content_items" USING btree ("published_at") WHERE "content_items"."status" = 'published';--> statement-breakpoint
CREATE INDEX "content_print_runs_content_idx" ON "content_print_runs" USING btree ("content_id");--> statement-breakpoint
CREATE INDEX "broadcasts_station_date_idx" ON "broadcasts" USING btree ("station_id","date");--> statement-breakpoint
CREATE INDEX "broadcasts_content_idx" ON "broadcasts" USING btree ("content_id");--> statement-breakpoint
CREATE UNIQUE INDEX "broadcasts_once_idx" ON "broadcasts" USING btree ("station_id","content_id","date","slot_id");--> statement-breakpoint
CREATE INDEX "station_slots_station_idx" ON "station_slots" USING btree ("station_id");--> statement-breakpoint
CREATE INDEX "stations_unit_idx" ON "stations" USING btree ("unit_id");--> statement-breakpoint
CREATE UNIQUE INDEX "stations_token_idx" ON "stations" USING btree ("token_hash") WHERE "stations"."token_hash" IS NOT NULL;