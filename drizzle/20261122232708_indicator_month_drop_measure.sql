DELETE FROM "indicator_month_figures";
--> statement-breakpoint
ALTER TABLE "indicator_month_figures" DROP CONSTRAINT "indicator_month_figures_unit_id_year_month_channel_code_measure_pk";--> statement-breakpoint
ALTER TABLE "indicator_month_figures" ADD CONSTRAINT "indicator_month_figures_unit_id_year_month_channel_code_pk" PRIMARY KEY("unit_id","year","month","channel_code");--> statement-breakpoint
ALTER TABLE "indicator_month_figures" DROP COLUMN "measure";--> statement-breakpoint
ALTER TABLE "indicator_month_figures" DROP COLUMN "value";