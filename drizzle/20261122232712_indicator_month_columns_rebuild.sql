-- One row per unit, month and channel with the measures as columns (replaces the row per measure).
CREATE OR REPLACE FUNCTION rebuild_indicator_month_figures_at(unit_ids uuid[], firsts date[]) RETURNS void LANGUAGE plpgsql AS $$
BEGIN
	DELETE FROM indicator_month_figures t
	USING (SELECT DISTINCT u, f FROM unnest(unit_ids, firsts) AS k(u, f)) k
	WHERE t.unit_id = k.u AND t.year = extract(year FROM k.f)::int AND t.month = extract(month FROM k.f)::int;
	INSERT INTO indicator_month_figures (unit_id, year, month, channel_code, activities, activities_no_content, participants, handed_out, cost)
	SELECT a.unit_id, extract(year FROM a.date)::int, extract(month FROM a.date)::int, a.channel_code,
		count(*)::int,
		count(*) FILTER (WHERE a.content_id IS NULL)::int,
		COALESCE(sum(CASE WHEN EXISTS (SELECT 1 FROM activity_counts c WHERE c.activity_id = a.id)
			THEN (SELECT sum(c.count) FROM activity_counts c WHERE c.activity_id = a.id)
			ELSE (SELECT count(*) FROM activity_households h WHERE h.activity_id = a.id) END), 0)::bigint,
		COALESCE(sum((SELECT sum((x->>'handedOut')::bigint) FROM jsonb_array_elements(a.materials) x WHERE jsonb_typeof(x->'handedOut') = 'number'))
			FILTER (WHERE NOT EXISTS (SELECT 1 FROM content_distributions d WHERE d.activity_id = a.id)), 0)::bigint,
		COALESCE(sum(COALESCE(a.cost, (SELECT sum(l.amount) FROM activity_costs l WHERE l.activity_id = a.id), 0)), 0)::bigint
	FROM (SELECT DISTINCT u, f FROM unnest(unit_ids, firsts) AS k(u, f)) k
	JOIN activities a ON a.unit_id = k.u AND a.date >= k.f AND a.date < (k.f + interval '1 month')::date
	WHERE a.status IN ('done', 'verified')
	GROUP BY 1, 2, 3, 4;
END $$;
--> statement-breakpoint
SELECT rebuild_indicator_month_figures(NULL);
