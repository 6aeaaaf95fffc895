CREATE TABLE "reach_period_counts" (
	"unit_id" uuid NOT NULL,
	"year" integer NOT NULL,
	"mask" integer NOT NULL,
	"category" text NOT NULL,
	"channel_code" text NOT NULL,
	"reached" integer NOT NULL,
	CONSTRAINT "reach_period_counts_unit_id_year_mask_channel_code_category_pk" PRIMARY KEY("unit_id","year","mask","channel_code","category")
);
--> statement-breakpoint
CREATE TABLE "reach_register_counts" (
	"unit_id" uuid NOT NULL,
	"year" integer NOT NULL,
	"category" text NOT NULL,
	"households" integer NOT NULL,
	CONSTRAINT "reach_register_counts_unit_id_year_category_pk" PRIMARY KEY("unit_id","year","category")
);
--> statement-breakpoint
CREATE TABLE "reach_unit_pending" (
	"unit_id" uuid PRIMARY KEY NOT NULL
);
--> statement-breakpoint
ALTER TABLE "reach_period_counts" ADD CONSTRAINT "reach_period_counts_unit_id_units_id_fk" FOREIGN KEY ("unit_id") REFERENCES "public"."units"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "reach_register_counts" ADD CONSTRAINT "reach_register_counts_unit_id_units_id_fk" FOREIGN KEY ("unit_id") REFERENCES "public"."units"("id") ON DELETE cascade ON UPDATE no action;