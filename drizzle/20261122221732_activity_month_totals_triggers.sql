-- activity_month_totals is kept by the database like household_reach: a change to activities
-- (insert, delete; an update of status, date or unit of an activity that was or becomes
-- verified) or to activity_counts recomputes the (unit, month) rows it touches from the source
-- tables. The same transaction-local setting lantoa.reach_deferred switches the triggers off for a
-- bulk writer, which then calls rebuild_activity_month_totals() for the units it wrote.

-- The rows of the given (unit, first day of month) pairs, from the source tables.
CREATE OR REPLACE FUNCTION rebuild_activity_month_totals_at(unit_ids uuid[], firsts date[]) RETURNS void LANGUAGE plpgsql AS $$
BEGIN
	DELETE FROM activity_month_totals t
	USING (SELECT DISTINCT u, f FROM unnest(unit_ids, firsts) AS k(u, f)) k
	WHERE t.unit_id = k.u AND t.year = extract(year FROM k.f)::int AND t.month = extract(month FROM k.f)::int;
	INSERT INTO activity_month_totals (unit_id, year, month, group_code, total)
	SELECT a.unit_id, extract(year FROM a.date)::int, extract(month FROM a.date)::int, g.group_code, sum(g.n)::int
	FROM (SELECT DISTINCT u, f FROM unnest(unit_ids, firsts) AS k(u, f)) k
	JOIN activities a ON a.unit_id = k.u AND a.date >= k.f AND a.date < (k.f + interval '1 month')::date
	CROSS JOIN LATERAL (
		SELECT '*'::text AS group_code, 1 AS n
		UNION ALL SELECT c.group_code, c.count FROM activity_counts c WHERE c.activity_id = a.id
	) g
	WHERE a.status = 'verified'
	GROUP BY 1, 2, 3, 4;
END $$;
--> statement-breakpoint
-- Every row of the given units (of every unit when unit_ids is NULL).
CREATE OR REPLACE FUNCTION rebuild_activity_month_totals(unit_ids uuid[]) RETURNS void LANGUAGE plpgsql AS $$
DECLARE
	us uuid[];
	fs date[];
BEGIN
	SELECT array_agg(u), array_agg(f) INTO us, fs FROM (
		SELECT a.unit_id AS u, date_trunc('month', a.date)::date AS f FROM activities a
		WHERE a.status = 'verified' AND (unit_ids IS NULL OR a.unit_id = ANY (unit_ids))
		UNION
		SELECT t.unit_id, make_date(t.year, t.month, 1) FROM activity_month_totals t
		WHERE unit_ids IS NULL OR t.unit_id = ANY (unit_ids)
	) k;
	IF us IS NOT NULL THEN
		PERFORM rebuild_activity_month_totals_at(us, fs);
	END IF;
END $$;
--> statement-breakpoint
CREATE OR REPLACE FUNCTION activity_month_totals_activities_inserted() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
	IF NOT household_reach_deferred() THEN
		PERFORM rebuild_activity_month_totals_at(
			ARRAY(SELECT unit_id FROM new_activities WHERE status = 'verified'),
			ARRAY(SELECT date_trunc('month', date)::date FROM new_activities WHERE status = 'verified'));
	END IF;
	RETURN NULL;
END $$;
--> statement-breakpoint
CREATE OR REPLACE FUNCTION activity_month_totals_activities_deleted() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
	IF NOT household_reach_deferred() THEN
		PERFORM rebuild_activity_month_totals_at(
			ARRAY(SELECT unit_id FROM old_activities WHERE status = 'verified'),
			ARRAY(SELECT date_trunc('month', date)::date FROM old_activities WHERE status = 'verified'));
	END IF;
	RETURN NULL;
END $$;
--> statement-breakpoint
CREATE OR REPLACE FUNCTION activity_month_totals_activities_updated() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
	us uuid[];
	fs date[];
BEGIN
	IF NOT household_reach_deferred() THEN
		SELECT array_agg(u), array_agg(f) INTO us, fs FROM (
			SELECT x.u, x.f
			FROM old_activities o JOIN new_activities n ON n.id = o.id
			CROSS JOIN LATERAL (VALUES (o.unit_id, date_trunc('month', o.date)::date), (n.unit_id, date_trunc('month', n.date)::date)) AS x(u, f)
			WHERE (o.status = 'verified' OR n.status = 'verified')
				AND (o.status IS DISTINCT FROM n.status OR o.date IS DISTINCT FROM n.date OR o.unit_id IS DISTINCT FROM n.unit_id)
		) k;
		IF us IS NOT NULL THEN
			PERFORM rebuild_activity_month_totals_at(us, fs);
		END IF;
	END IF;
	RETURN NULL;
END $$;
--> statement-breakpoint
-- Counts of an activity that still exists (a deleted activity is the activities trigger's).
CREATE OR REPLACE FUNCTION activity_month_totals_counts_changed() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
	us uuid[];
	fs date[];
BEGIN
	IF NOT household_reach_deferred() THEN
		IF TG_OP = 'INSERT' THEN
			SELECT array_agg(a.unit_id), array_agg(date_trunc('month', a.date)::date) INTO us, fs
			FROM activities a WHERE a.status = 'verified' AND a.id IN (SELECT activity_id FROM new_counts);
		ELSIF TG_OP = 'DELETE' THEN
			SELECT array_agg(a.unit_id), array_agg(date_trunc('month', a.date)::date) INTO us, fs
			FROM activities a WHERE a.status = 'verified' AND a.id IN (SELECT activity_id FROM old_counts);
		ELSE
			SELECT array_agg(a.unit_id), array_agg(date_trunc('month', a.date)::date) INTO us, fs
			FROM activities a WHERE a.status = 'verified' AND a.id IN (SELECT activity_id FROM old_counts UNION SELECT activity_id FROM new_counts);
		END IF;
		IF us IS NOT NULL THEN
			PERFORM rebuild_activity_month_totals_at(us, fs);
		END IF;
	END IF;
	RETURN NULL;
END $$;
--> statement-breakpoint
CREATE TRIGGER activity_month_totals_activities_insert AFTER INSERT ON activities
	REFERENCING NEW TABLE AS new_activities FOR EACH STATEMENT EXECUTE FUNCTION activity_month_totals_activities_inserted();
--> statement-breakpoint
CREATE TRIGGER activity_month_totals_activities_delete AFTER DELETE ON activities
	REFERENCING OLD TABLE AS old_activities FOR EACH STATEMENT EXECUTE FUNCTION activity_month_totals_activities_deleted();
--> statement-breakpoint
CREATE TRIGGER activity_month_totals_activities_update AFTER UPDATE ON activities
	REFERENCING OLD TABLE AS old_activities NEW TABLE AS new_activities FOR EACH STATEMENT EXECUTE FUNCTION activity_month_totals_activities_updated();
--> statement-breakpoint
CREATE TRIGGER activity_month_totals_counts_insert AFTER INSERT ON activity_counts
	REFERENCING NEW TABLE AS new_counts FOR EACH STATEMENT EXECUTE FUNCTION activity_month_totals_counts_changed();
--> statement-breakpoint
CREATE TRIGGER activity_month_totals_counts_delete AFTER DELETE ON activity_counts
	REFERENCING OLD TABLE AS old_counts FOR EACH STATEMENT EXECUTE FUNCTION activity_month_totals_counts_changed();
--> statement-breakpoint
CREATE TRIGGER activity_month_totals_counts_update AFTER UPDATE ON activity_counts
	REFERENCING OLD TABLE AS old_counts NEW TABLE AS new_counts FOR EACH STATEMENT EXECUTE FUNCTION activity_month_totals_counts_changed();
--> statement-breakpoint
-- The totals of what is there already.
SELECT rebuild_activity_month_totals(NULL);
