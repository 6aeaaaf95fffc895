CREATE TABLE "activity_month_totals" (
	"unit_id" uuid NOT NULL,
	"year" integer NOT NULL,
	"month" integer NOT NULL,
	"group_code" text NOT NULL,
	"total" integer NOT NULL,
	CONSTRAINT "activity_month_totals_unit_id_year_month_group_code_pk" PRIMARY KEY("unit_id","year","month","group_code"),
	CONSTRAINT "activity_month_totals_month_check" CHECK ("activity_month_totals"."month" BETWEEN 1 AND 12)
);
--> statement-breakpoint
ALTER TABLE "activity_month_totals" ADD CONSTRAINT "activity_month_totals_unit_id_units_id_fk" FOREIGN KEY ("unit_id") REFERENCES "public"."units"("id") ON DELETE cascade ON UPDATE no action;