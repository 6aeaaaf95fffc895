CREATE TABLE "indicator_month_figures" (
	"unit_id" uuid NOT NULL,
	"year" integer NOT NULL,
	"month" integer NOT NULL,
	"channel_code" text NOT NULL,
	"measure" text NOT NULL,
	"value" bigint NOT NULL,
	CONSTRAINT "indicator_month_figures_unit_id_year_month_channel_code_measure_pk" PRIMARY KEY("unit_id","year","month","channel_code","measure"),
	CONSTRAINT "indicator_month_figures_month_check" CHECK ("indicator_month_figures"."month" BETWEEN 1 AND 12)
);
--> statement-breakpoint
CREATE TABLE "indicator_month_pending" (
	"unit_id" uuid NOT NULL,
	"first" date NOT NULL,
	CONSTRAINT "indicator_month_pending_unit_id_first_pk" PRIMARY KEY("unit_id","first")
);
--> statement-breakpoint
ALTER TABLE "indicator_month_figures" ADD CONSTRAINT "indicator_month_figures_unit_id_units_id_fk" FOREIGN KEY ("unit_id") REFERENCES "public"."units"("id") ON DELETE cascade ON UPDATE no action;