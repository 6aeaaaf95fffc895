CREATE TABLE "deprivation_indicators" (
	"standard_code" text NOT NULL,
	"code" text NOT NULL,
	"dimension" text NOT NULL,
	"name_vi" text NOT NULL,
	"name_en" text NOT NULL,
	"information" boolean DEFAULT false NOT NULL,
	"sort" integer DEFAULT 0 NOT NULL,
	CONSTRAINT "deprivation_indicators_standard_code_code_pk" PRIMARY KEY("standard_code","code")
);
--> statement-breakpoint
CREATE TABLE "household_classifications" (
	"household_id" uuid NOT NULL,
	"year" integer NOT NULL,
	"category" text NOT NULL,
	"standard_code" text NOT NULL,
	"lacking" text[] DEFAULT '{}'::text[] NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "household_classifications_household_id_year_pk" PRIMARY KEY("household_id","year")
);
--> statement-breakpoint
CREATE TABLE "household_consents" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"household_id" uuid NOT NULL,
	"granted" boolean NOT NULL,
	"channels" text[] DEFAULT '{}'::text[] NOT NULL,
	"recorded_at" timestamp with time zone DEFAULT now() NOT NULL,
	"recorded_by" uuid,
	"note" text
);
--> statement-breakpoint
CREATE TABLE "household_duplicate_flags" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"household_id" uuid NOT NULL,
	"other_household_id" uuid NOT NULL,
	"reason" text NOT NULL,
	"status" text DEFAULT 'open' NOT NULL,
	"resolved_by" uuid,
	"resolved_at" timestamp with time zone,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "household_imports" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"unit_id" uuid NOT NULL,
	"file_name" text NOT NULL,
	"sha256" text NOT NULL,
	"year" integer NOT NULL,
	"status" text DEFAULT 'running' NOT NULL,
	"summary" jsonb,
	"created_by" uuid,
	"started_at" timestamp with time zone DEFAULT now() NOT NULL,
	"finished_at" timestamp with time zone
);
--> statement-breakpoint
CREATE TABLE "households" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"unit_id" uuid NOT NULL,
	"head_name" text NOT NULL,
	"head_name_norm" text NOT NULL,
	"birth_year" integer,
	"sex" text,
	"id_number" text,
	"address" text,
	"members" integer,
	"ethnicity" text,
	"language" text,
	"phone" text,
	"notes" text,
	"merged_into_id" uuid,
	"created_by" uuid,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "poverty_standards" (
	"code" text PRIMARY KEY NOT NULL,
	"name_vi" text NOT NULL,
	"name_en" text NOT NULL,
	"from_year" integer NOT NULL,
	"to_year" integer,
	"income_rural" integer NOT NULL,
	"income_urban" integer NOT NULL
);
--> statement-breakpoint
ALTER TABLE "deprivation_indicators" ADD CONSTRAINT "deprivation_indicators_standard_code_poverty_standards_code_fk" FOREIGN KEY ("standard_code") REFERENCES "public"."poverty_standards"("code") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "household_classifications" ADD CONSTRAINT "household_classifications_household_id_households_id_fk" FOREIGN KEY ("household_id") REFERENCES "public"."households"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "household_classifications" ADD CONSTRAINT "household_classifications_standard_code_poverty_standards_code_fk" FOREIGN KEY ("standard_code") REFERENCES "public"."poverty_standards"("code") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "household_consents" ADD CONSTRAINT "household_consents_household_id_households_id_fk" FOREIGN KEY ("household_id") REFERENCES "public"."households"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "household_consents" ADD CONSTRAINT "household_consents_recorded_by_users_id_fk" FOREIGN KEY ("recorded_by") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "household_duplicate_flags" ADD CONSTRAINT "household_duplicate_flags_household_id_households_id_fk" FOREIGN KEY ("household_id") REFERENCES "public"."households"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "household_duplicate_flags" ADD CONSTRAINT "household_duplicate_flags_other_household_id_households_id_fk" FOREIGN KEY ("other_household_id") REFERENCES "public"."households"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "household_duplicate_flags" ADD CONSTRAINT "household_duplicate_flags_resolved_by_users_id_fk" FOREIGN KEY ("resolved_by") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "household_imports" ADD CONSTRAINT "household_imports_unit_id_units_id_fk" FOREIGN KEY ("unit_id") REFERENCES "public"."units"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "household_imports" ADD CONSTRAINT "household_imports_created_by_users_id_fk" FOREIGN KEY ("created_by") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "households" ADD CONSTRAINT "households_unit_id_units_id_fk" FOREIGN KEY ("unit_id") REFERENCES "public"."units"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "households" ADD CONSTRAINT "households_merged_into_id_households_id_fk" FOREIGN KEY ("merged_into_id") REFERENCES "public"."households"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "households" ADD CONSTRAINT "households_created_by_users_id_fk" FOREIGN KEY ("created_by") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "household_class_year_idx" ON "household_classifications" USING btree ("year","category");--> statement-breakpoint
CREATE INDEX "household_consents_household_idx" ON "household_consents" USING btree ("household_id","recorded_at");--> statement-breakpoint
CREATE INDEX "household_dup_household_idx" ON "household_duplicate_flags" USING btree ("household_id");--> statement-breakpoint
CREATE INDEX "household_dup_status_idx" ON "household_duplicate_flags" USING btree ("status");--> statement-breakpoint
CREATE INDEX "households_unit_idx" ON "households" USING btree ("unit_id");--> statement-breakpoint
CREATE INDEX "households_id_number_idx" ON "households" USING btree ("id_number") WHERE "households"."id_number" IS NOT NULL;--> statement-breakpoint
CREATE INDEX "households_dedup_idx" ON "households" USING btree ("unit_id","head_name_norm","birth_year");--> statement-breakpoint
CREATE INDEX "households_name_trgm_idx" ON "households" USING gin ("head_name_norm" gin_trgm_ops);