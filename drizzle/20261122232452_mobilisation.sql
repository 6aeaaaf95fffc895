CREATE TABLE "mobilisation_gifts" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"receipt_id" uuid NOT NULL,
	"household_id" uuid,
	"activity_id" uuid,
	"description" text NOT NULL,
	"value" bigint NOT NULL,
	"given_on" date NOT NULL,
	"created_by" uuid,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "mobilisation_gifts_value_check" CHECK ("mobilisation_gifts"."value" > 0)
);
--> statement-breakpoint
CREATE TABLE "pairing_visits" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"pairing_id" uuid NOT NULL,
	"visited_on" date NOT NULL,
	"support" text NOT NULL,
	"value" bigint,
	"notes" text,
	"created_by" uuid,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "pairing_visits_value_check" CHECK ("pairing_visits"."value" IS NULL OR "pairing_visits"."value" >= 0)
);
--> statement-breakpoint
CREATE TABLE "pairings" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"unit_id" uuid NOT NULL,
	"household_id" uuid NOT NULL,
	"helper_kind" text NOT NULL,
	"sponsor_id" uuid,
	"helper_name" text NOT NULL,
	"helper_organisation" text,
	"from_date" date NOT NULL,
	"to_date" date,
	"goal" text NOT NULL,
	"story_consent" boolean DEFAULT false NOT NULL,
	"created_by" uuid,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "pairings_helper_kind_check" CHECK ("pairings"."helper_kind" IN ('sponsor', 'organisation_member', 'better_off_household')),
	CONSTRAINT "pairings_sponsor_check" CHECK (("pairings"."helper_kind" = 'sponsor') = ("pairings"."sponsor_id" IS NOT NULL)),
	CONSTRAINT "pairings_dates_check" CHECK ("pairings"."to_date" IS NULL OR "pairings"."to_date" >= "pairings"."from_date")
);
--> statement-breakpoint
CREATE TABLE "pledge_receipts" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"pledge_id" uuid NOT NULL,
	"amount" bigint NOT NULL,
	"received_on" date NOT NULL,
	"received_by" text NOT NULL,
	"over_delivery" boolean DEFAULT false NOT NULL,
	"note" text,
	"created_by" uuid,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "pledge_receipts_amount_check" CHECK ("pledge_receipts"."amount" > 0)
);
--> statement-breakpoint
CREATE TABLE "pledges" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"sponsor_id" uuid NOT NULL,
	"kind" text NOT NULL,
	"amount" bigint NOT NULL,
	"description" text,
	"pledged_on" date NOT NULL,
	"purpose" text,
	"created_by" uuid,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "pledges_kind_check" CHECK ("pledges"."kind" IN ('cash', 'in_kind')),
	CONSTRAINT "pledges_amount_check" CHECK ("pledges"."amount" > 0),
	CONSTRAINT "pledges_in_kind_check" CHECK ("pledges"."kind" = 'cash' OR "pledges"."description" IS NOT NULL)
);
--> statement-breakpoint
CREATE TABLE "sponsors" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"unit_id" uuid NOT NULL,
	"kind" text NOT NULL,
	"name" text NOT NULL,
	"contact_person" text,
	"phone" text,
	"address" text,
	"consent_public" boolean DEFAULT false NOT NULL,
	"consent_contact" boolean DEFAULT false NOT NULL,
	"note" text,
	"created_by" uuid,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "sponsors_kind_check" CHECK ("sponsors"."kind" IN ('enterprise', 'organisation', 'individual', 'better_off_household'))
);
--> statement-breakpoint
ALTER TABLE "mobilisation_gifts" ADD CONSTRAINT "mobilisation_gifts_receipt_id_pledge_receipts_id_fk" FOREIGN KEY ("receipt_id") REFERENCES "public"."pledge_receipts"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "mobilisation_gifts" ADD CONSTRAINT "mobilisation_gifts_household_id_households_id_fk" FOREIGN KEY ("household_id") REFERENCES "public"."households"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "mobilisation_gifts" ADD CONSTRAINT "mobilisation_gifts_activity_id_activities_id_fk" FOREIGN KEY ("activity_id") REFERENCES "public"."activities"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "mobilisation_gifts" ADD CONSTRAINT "mobilisation_gifts_created_by_users_id_fk" FOREIGN KEY ("created_by") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "pairing_visits" ADD CONSTRAINT "pairing_visits_pairing_id_pairings_id_fk" FOREIGN KEY ("pairing_id") REFERENCES "public"."pairings"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "pairing_visits" ADD CONSTRAINT "pairing_visits_created_by_users_id_fk" FOREIGN KEY ("created_by") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "pairings" ADD CONSTRAINT "pairings_unit_id_units_id_fk" FOREIGN KEY ("unit_id") REFERENCES "public"."units"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "pairings" ADD CONSTRAINT "pairings_household_id_households_id_fk" FOREIGN KEY ("household_id") REFERENCES "public"."households"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "pairings" ADD CONSTRAINT "pairings_sponsor_id_sponsors_id_fk" FOREIGN KEY ("sponsor_id") REFERENCES "public"."sponsors"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "pairings" ADD CONSTRAINT "pairings_created_by_users_id_fk" FOREIGN KEY ("created_by") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "pledge_receipts" ADD CONSTRAINT "pledge_receipts_pledge_id_pledges_id_fk" FOREIGN KEY ("pledge_id") REFERENCES "public"."pledges"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "pledge_receipts" ADD CONSTRAINT "pledge_receipts_created_by_users_id_fk" FOREIGN KEY ("created_by") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "pledges" ADD CONSTRAINT "pledges_sponsor_id_sponsors_id_fk" FOREIGN KEY ("sponsor_id") REFERENCES "public"."sponsors"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "pledges" ADD CONSTRAINT "pledges_created_by_users_id_fk" FOREIGN KEY ("created_by") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "sponsors" ADD CONSTRAINT "sponsors_unit_id_units_id_fk" FOREIGN KEY ("unit_id") REFERENCES "public"."units"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "sponsors" ADD CONSTRAINT "sponsors_created_by_users_id_fk" FOREIGN KEY ("created_by") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "mobilisation_gifts_receipt_idx" ON "mobilisation_gifts" USING btree ("receipt_id");--> statement-breakpoint
CREATE INDEX "mobilisation_gifts_household_idx" ON "mobilisation_gifts" USING btree ("household_id") WHERE "mobilisation_gifts"."household_id" IS NOT NULL;--> statement-breakpoint
CREATE INDEX "pairing_visits_pairing_idx" ON "pairing_visits" USING btree ("pairing_id","visited_on");--> statement-breakpoint
CREATE INDEX "pairings_unit_idx" ON "pairings" USING btree ("unit_id");--> statement-breakpoint
CREATE INDEX "pairings_household_idx" ON "pairings" USING btree ("household_id");--> statement-breakpoint
CREATE INDEX "pledge_receipts_pledge_idx" ON "pledge_receipts" USING btree ("pledge_id");--> statement-breakpoint
CREATE INDEX "pledge_receipts_date_idx" ON "pledge_receipts" USING btree ("received_on");--> statement-breakpoint
CREATE INDEX "pledges_sponsor_idx" ON "pledges" USING btree ("sponsor_id");--> statement-breakpoint
CREATE INDEX "pledges_date_idx" ON "pledges" USING btree ("pledged_on");--> statement-breakpoint
CREATE INDEX "sponsors_unit_idx" ON "sponsors" USING btree ("unit_id");