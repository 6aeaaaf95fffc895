-- Covering indexes for the kept figures: a province's period is read from the index alone
-- (index-only scans, once autovacuum has marked the pages all-visible), not from thousands of
-- scattered heap pages.
CREATE INDEX IF NOT EXISTS indicator_month_figures_covering_idx ON indicator_month_figures (unit_id, year, month, channel_code)
	INCLUDE (activities, activities_no_content, participants, handed_out, cost);
--> statement-breakpoint
CREATE INDEX IF NOT EXISTS reach_period_counts_covering_idx ON reach_period_counts (year, mask, channel_code, unit_id, category) INCLUDE (reached);
--> statement-breakpoint
CREATE INDEX IF NOT EXISTS reach_register_counts_covering_idx ON reach_register_counts (unit_id, year, category) INCLUDE (households);
