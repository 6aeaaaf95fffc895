CREATE TABLE "household_reach" (
	"household_id" uuid NOT NULL,
	"year" integer NOT NULL,
	"channel_code" text NOT NULL,
	"months" integer NOT NULL,
	CONSTRAINT "household_reach_household_id_year_channel_code_pk" PRIMARY KEY("household_id","year","channel_code"),
	CONSTRAINT "household_reach_months_check" CHECK ("household_reach"."months" > 0 AND "household_reach"."months" < 4096)
);
--> statement-breakpoint
ALTER TABLE "household_reach" ADD CONSTRAINT "household_reach_household_id_households_id_fk" FOREIGN KEY ("household_id") REFERENCES "public"."households"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "household_reach_year_idx" ON "household_reach" USING btree ("year","channel_code");