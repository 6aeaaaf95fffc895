CREATE UNIQUE INDEX "plans_series_open" ON "plans" USING btree ("series_id") WHERE "plans"."status" IN ('draft', 'submitted', 'approved');--> statement-breakpoint
CREATE UNIQUE INDEX "plans_series_issued" ON "plans" USING btree ("series_id") WHERE "plans"."status" = 'issued';--> statement-breakpoint
ALTER TABLE "plan_tasks" ADD CONSTRAINT "plan_tasks_status_check" CHECK ("plan_tasks"."status" IN ('open', 'in_progress', 'done'));--> statement-breakpoint
ALTER TABLE "plans" ADD CONSTRAINT "plans_status_check" CHECK ("plans"."status" IN ('draft', 'submitted', 'approved', 'issued', 'superseded'));