CREATE TABLE "budget_allocations" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"unit_id" uuid NOT NULL,
	"year" integer NOT NULL,
	"source_code" text NOT NULL,
	"amount" bigint NOT NULL,
	"decision_number" text NOT NULL,
	"decision_date" date NOT NULL,
	"decision_issuer" text NOT NULL,
	"plan_id" uuid,
	"channel_code" text,
	"note" text,
	"created_by" uuid,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "budget_allocations_amount_check" CHECK ("budget_allocations"."amount" > 0),
	CONSTRAINT "budget_allocations_year_check" CHECK ("budget_allocations"."year" BETWEEN 2000 AND 2100)
);
--> statement-breakpoint
CREATE TABLE "budget_years" (
	"unit_id" uuid NOT NULL,
	"year" integer NOT NULL,
	"closed_at" timestamp with time zone DEFAULT now() NOT NULL,
	"closed_by" uuid,
	CONSTRAINT "budget_years_unit_id_year_pk" PRIMARY KEY("unit_id","year")
);
--> statement-breakpoint
CREATE TABLE "spending_lines" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"activity_id" uuid NOT NULL,
	"budget_unit_id" uuid NOT NULL,
	"source_code" text NOT NULL,
	"year" integer NOT NULL,
	"amount" bigint NOT NULL,
	"spent_on" date NOT NULL,
	"payee" text NOT NULL,
	"description" text,
	"status" text DEFAULT 'recorded' NOT NULL,
	"reviewed_by" uuid,
	"reviewed_at" timestamp with time zone,
	"review_note" text,
	"override" boolean DEFAULT false NOT NULL,
	"override_reason" text,
	"payload_hash" text,
	"created_by" uuid,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "spending_lines_amount_check" CHECK ("spending_lines"."amount" > 0),
	CONSTRAINT "spending_lines_status_check" CHECK ("spending_lines"."status" IN ('recorded', 'approved', 'correction_requested')),
	CONSTRAINT "spending_lines_override_check" CHECK (NOT "spending_lines"."override" OR "spending_lines"."override_reason" IS NOT NULL)
);
--> statement-breakpoint
CREATE TABLE "spending_receipts" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"line_id" uuid NOT NULL,
	"file_id" uuid NOT NULL,
	"created_by" uuid,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "spending_receipts_line_file_unique" UNIQUE("line_id","file_id")
);
--> statement-breakpoint
ALTER TABLE "budget_allocations" ADD CONSTRAINT "budget_allocations_unit_id_units_id_fk" FOREIGN KEY ("unit_id") REFERENCES "public"."units"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "budget_allocations" ADD CONSTRAINT "budget_allocations_source_code_funding_sources_code_fk" FOREIGN KEY ("source_code") REFERENCES "public"."funding_sources"("code") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "budget_allocations" ADD CONSTRAINT "budget_allocations_plan_id_plans_id_fk" FOREIGN KEY ("plan_id") REFERENCES "public"."plans"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "budget_allocations" ADD CONSTRAINT "budget_allocations_channel_code_channels_code_fk" FOREIGN KEY ("channel_code") REFERENCES "public"."channels"("code") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "budget_allocations" ADD CONSTRAINT "budget_allocations_created_by_users_id_fk" FOREIGN KEY ("created_by") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "budget_years" ADD CONSTRAINT "budget_years_unit_id_units_id_fk" FOREIGN KEY ("unit_id") REFERENCES "public"."units"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "budget_years" ADD CONSTRAINT "budget_years_closed_by_users_id_fk" FOREIGN KEY ("closed_by") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "spending_lines" ADD CONSTRAINT "spending_lines_activity_id_activities_id_fk" FOREIGN KEY ("activity_id") REFERENCES "public"."activities"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "spending_lines" ADD CONSTRAINT "spending_lines_budget_unit_id_units_id_fk" FOREIGN KEY ("budget_unit_id") REFERENCES "public"."units"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "spending_lines" ADD CONSTRAINT "spending_lines_source_code_funding_sources_code_fk" FOREIGN KEY ("source_code") REFERENCES "public"."funding_sources"("code") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "spending_lines" ADD CONSTRAINT "spending_lines_reviewed_by_users_id_fk" FOREIGN KEY ("reviewed_by") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "spending_lines" ADD CONSTRAINT "spending_lines_created_by_users_id_fk" FOREIGN KEY ("created_by") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "spending_receipts" ADD CONSTRAINT "spending_receipts_line_id_spending_lines_id_fk" FOREIGN KEY ("line_id") REFERENCES "public"."spending_lines"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "spending_receipts" ADD CONSTRAINT "spending_receipts_file_id_stored_files_id_fk" FOREIGN KEY ("file_id") REFERENCES "public"."stored_files"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "spending_receipts" ADD CONSTRAINT "spending_receipts_created_by_users_id_fk" FOREIGN KEY ("created_by") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "budget_allocations_unit_year_idx" ON "budget_allocations" USING btree ("unit_id","year","source_code");--> statement-breakpoint
CREATE INDEX "spending_lines_budget_idx" ON "spending_lines" USING btree ("budget_unit_id","year","source_code");--> statement-breakpoint
CREATE INDEX "spending_lines_activity_idx" ON "spending_lines" USING btree ("activity_id");--> statement-breakpoint
CREATE INDEX "spending_lines_status_idx" ON "spending_lines" USING btree ("status") WHERE "spending_lines"."status" <> 'approved';--> statement-breakpoint
CREATE INDEX "spending_receipts_line_idx" ON "spending_receipts" USING btree ("line_id");