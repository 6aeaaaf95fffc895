ALTER TABLE "indicator_month_figures" ADD COLUMN "activities" integer NOT NULL;--> statement-breakpoint
ALTER TABLE "indicator_month_figures" ADD COLUMN "activities_no_content" integer NOT NULL;--> statement-breakpoint
ALTER TABLE "indicator_month_figures" ADD COLUMN "participants" bigint NOT NULL;--> statement-breakpoint
ALTER TABLE "indicator_month_figures" ADD COLUMN "handed_out" bigint NOT NULL;--> statement-breakpoint
ALTER TABLE "indicator_month_figures" ADD COLUMN "cost" bigint NOT NULL;