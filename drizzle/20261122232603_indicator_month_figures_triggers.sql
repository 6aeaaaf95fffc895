-- indicator_month_figures is kept by the database. Writers only note the (unit, month) pairs a
-- statement touched (cheap, also for bulk writers); indicator_month_flush(), which readers call
-- first, recomputes those pairs from the source tables in the reader's transaction.

CREATE OR REPLACE FUNCTION rebuild_indicator_month_figures_at(unit_ids uuid[], firsts date[]) RETURNS void LANGUAGE plpgsql AS $$
BEGIN
	DELETE FROM indicator_month_figures t
	USING (SELECT DISTINCT u, f FROM unnest(unit_ids, firsts) AS k(u, f)) k
	WHERE t.unit_id = k.u AND t.year = extract(year FROM k.f)::int AND t.month = extract(month FROM k.f)::int;
	INSERT INTO indicator_month_figures (unit_id, year, month, channel_code, measure, value)
	SELECT a.unit_id, extract(year FROM a.date)::int, extract(month FROM a.date)::int, a.channel_code, m.measure, sum(m.v)::bigint
	FROM (SELECT DISTINCT u, f FROM unnest(unit_ids, firsts) AS k(u, f)) k
	JOIN activities a ON a.unit_id = k.u AND a.date >= k.f AND a.date < (k.f + interval '1 month')::date
	CROSS JOIN LATERAL (
		SELECT 'activities'::text AS measure, 1::bigint AS v
		UNION ALL SELECT 'activities_no_content', 1 WHERE a.content_id IS NULL
		UNION ALL SELECT 'participants', CASE WHEN EXISTS (SELECT 1 FROM activity_counts c WHERE c.activity_id = a.id)
			THEN (SELECT sum(c.count) FROM activity_counts c WHERE c.activity_id = a.id)
			ELSE (SELECT count(*) FROM activity_households h WHERE h.activity_id = a.id) END
		UNION ALL SELECT 'handed_out', COALESCE((SELECT sum((x->>'handedOut')::bigint) FROM jsonb_array_elements(a.materials) x
			WHERE jsonb_typeof(x->'handedOut') = 'number'), 0)
			WHERE NOT EXISTS (SELECT 1 FROM content_distributions d WHERE d.activity_id = a.id)
		UNION ALL SELECT 'cost', COALESCE(a.cost, (SELECT sum(l.amount) FROM activity_costs l WHERE l.activity_id = a.id), 0)
		UNION ALL SELECT 'cost:' || l.source_code, sum(l.amount) FROM activity_costs l WHERE l.activity_id = a.id GROUP BY l.source_code
	) m
	WHERE a.status IN ('done', 'verified')
	GROUP BY 1, 2, 3, 4, 5
	HAVING sum(m.v) <> 0 OR m.measure LIKE 'activities%';
END $$;
--> statement-breakpoint
CREATE OR REPLACE FUNCTION indicator_month_flush() RETURNS integer LANGUAGE plpgsql AS $$
DECLARE
	us uuid[];
	fs date[];
BEGIN
	WITH taken AS (DELETE FROM indicator_month_pending RETURNING unit_id, first)
	SELECT array_agg(unit_id), array_agg(first) INTO us, fs FROM taken;
	IF us IS NULL THEN
		RETURN 0;
	END IF;
	PERFORM rebuild_indicator_month_figures_at(us, fs);
	RETURN cardinality(us);
END $$;
--> statement-breakpoint
-- Every pair of the given units (every unit when NULL) noted, then folded in.
CREATE OR REPLACE FUNCTION rebuild_indicator_month_figures(unit_ids uuid[]) RETURNS void LANGUAGE plpgsql AS $$
BEGIN
	INSERT INTO indicator_month_pending (unit_id, first)
	SELECT DISTINCT a.unit_id, date_trunc('month', a.date)::date FROM activities a WHERE unit_ids IS NULL OR a.unit_id = ANY (unit_ids)
	UNION SELECT t.unit_id, make_date(t.year, t.month, 1) FROM indicator_month_figures t WHERE unit_ids IS NULL OR t.unit_id = ANY (unit_ids)
	ON CONFLICT DO NOTHING;
	PERFORM indicator_month_flush();
END $$;
--> statement-breakpoint
CREATE OR REPLACE FUNCTION indicator_month_note_activities() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
	IF TG_OP = 'INSERT' THEN
		INSERT INTO indicator_month_pending SELECT DISTINCT unit_id, date_trunc('month', date)::date FROM new_rows ON CONFLICT DO NOTHING;
	ELSIF TG_OP = 'DELETE' THEN
		INSERT INTO indicator_month_pending SELECT DISTINCT unit_id, date_trunc('month', date)::date FROM old_rows ON CONFLICT DO NOTHING;
	ELSE
		INSERT INTO indicator_month_pending
		SELECT DISTINCT x.u, x.f FROM old_rows o JOIN new_rows n ON n.id = o.id
		CROSS JOIN LATERAL (VALUES (o.unit_id, date_trunc('month', o.date)::date), (n.unit_id, date_trunc('month', n.date)::date)) AS x(u, f)
		WHERE o.status IS DISTINCT FROM n.status OR o.date IS DISTINCT FROM n.date OR o.unit_id IS DISTINCT FROM n.unit_id
			OR o.channel_code IS DISTINCT FROM n.channel_code OR o.cost IS DISTINCT FROM n.cost OR o.content_id IS DISTINCT FROM n.content_id
			OR o.materials IS DISTINCT FROM n.materials
		ON CONFLICT DO NOTHING;
	END IF;
	RETURN NULL;
END $$;
--> statement-breakpoint
-- Rows of a table that names an activity (activity_id): the activity's pair.
CREATE OR REPLACE FUNCTION indicator_month_note_children() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
	IF TG_OP = 'INSERT' THEN
		INSERT INTO indicator_month_pending SELECT DISTINCT a.unit_id, date_trunc('month', a.date)::date
		FROM activities a WHERE a.id IN (SELECT activity_id FROM new_rows) ON CONFLICT DO NOTHING;
	ELSIF TG_OP = 'DELETE' THEN
		INSERT INTO indicator_month_pending SELECT DISTINCT a.unit_id, date_trunc('month', a.date)::date
		FROM activities a WHERE a.id IN (SELECT activity_id FROM old_rows) ON CONFLICT DO NOTHING;
	ELSE
		INSERT INTO indicator_month_pending SELECT DISTINCT a.unit_id, date_trunc('month', a.date)::date
		FROM activities a WHERE a.id IN (SELECT activity_id FROM old_rows UNION SELECT activity_id FROM new_rows) ON CONFLICT DO NOTHING;
	END IF;
	RETURN NULL;
END $$;
--> statement-breakpoint
CREATE TRIGGER indicator_month_activities_insert AFTER INSERT ON activities
	REFERENCING NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION indicator_month_note_activities();
--> statement-breakpoint
CREATE TRIGGER indicator_month_activities_delete AFTER DELETE ON activities
	REFERENCING OLD TABLE AS old_rows FOR EACH STATEMENT EXECUTE FUNCTION indicator_month_note_activities();
--> statement-breakpoint
CREATE TRIGGER indicator_month_activities_update AFTER UPDATE ON activities
	REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION indicator_month_note_activities();
--> statement-breakpoint
CREATE TRIGGER indicator_month_counts_insert AFTER INSERT ON activity_counts
	REFERENCING NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION indicator_month_note_children();
--> statement-breakpoint
CREATE TRIGGER indicator_month_counts_delete AFTER DELETE ON activity_counts
	REFERENCING OLD TABLE AS old_rows FOR EACH STATEMENT EXECUTE FUNCTION indicator_month_note_children();
--> statement-breakpoint
CREATE TRIGGER indicator_month_counts_update AFTER UPDATE ON activity_counts
	REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION indicator_month_note_children();
--> statement-breakpoint
CREATE TRIGGER indicator_month_households_insert AFTER INSERT ON activity_households
	REFERENCING NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION indicator_month_note_children();
--> statement-breakpoint
CREATE TRIGGER indicator_month_households_delete AFTER DELETE ON activity_households
	REFERENCING OLD TABLE AS old_rows FOR EACH STATEMENT EXECUTE FUNCTION indicator_month_note_children();
--> statement-breakpoint
CREATE TRIGGER indicator_month_households_update AFTER UPDATE ON activity_households
	REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION indicator_month_note_children();
--> statement-breakpoint
CREATE TRIGGER indicator_month_costs_insert AFTER INSERT ON activity_costs
	REFERENCING NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION indicator_month_note_children();
--> statement-breakpoint
CREATE TRIGGER indicator_month_costs_delete AFTER DELETE ON activity_costs
	REFERENCING OLD TABLE AS old_rows FOR EACH STATEMENT EXECUTE FUNCTION indicator_month_note_children();
--> statement-breakpoint
CREATE TRIGGER indicator_month_costs_update AFTER UPDATE ON activity_costs
	REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION indicator_month_note_children();
--> statement-breakpoint
CREATE TRIGGER indicator_month_distributions_insert AFTER INSERT ON content_distributions
	REFERENCING NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION indicator_month_note_children();
--> statement-breakpoint
CREATE TRIGGER indicator_month_distributions_delete AFTER DELETE ON content_distributions
	REFERENCING OLD TABLE AS old_rows FOR EACH STATEMENT EXECUTE FUNCTION indicator_month_note_children();
--> statement-breakpoint
CREATE TRIGGER indicator_month_distributions_update AFTER UPDATE ON content_distributions
	REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION indicator_month_note_children();
--> statement-breakpoint
-- The figures of what is there already.
SELECT rebuild_indicator_month_figures(NULL);
