-- reach_period_counts and reach_register_counts are kept by the database: writers note units in
-- reach_unit_pending; reach_counts_flush(), called by readers first, recomputes those units.

CREATE OR REPLACE FUNCTION rebuild_reach_counts_at(unit_ids uuid[]) RETURNS void LANGUAGE plpgsql AS $$
BEGIN
	DELETE FROM reach_period_counts WHERE unit_id = ANY (unit_ids);
	DELETE FROM reach_register_counts WHERE unit_id = ANY (unit_ids);
	INSERT INTO reach_period_counts (unit_id, year, mask, category, channel_code, reached)
	SELECT h.unit_id, r.year, p.mask, COALESCE(c.category, 'none'), r.channel_code, count(*)::int
	FROM households h
	JOIN household_reach r ON r.household_id = h.id
	LEFT JOIN household_classifications c ON c.household_id = h.id AND c.year = r.year
	CROSS JOIN (VALUES (4095), (63), (4032), (7), (56), (448), (3584), (1), (2), (4), (8), (16), (32), (64), (128), (256), (512), (1024), (2048)) AS p(mask)
	WHERE h.unit_id = ANY (unit_ids) AND h.merged_into_id IS NULL AND (r.months & p.mask) <> 0
	GROUP BY 1, 2, 3, 4, 5;
	INSERT INTO reach_register_counts (unit_id, year, category, households)
	SELECT h.unit_id, c.year, c.category, count(*)::int
	FROM households h JOIN household_classifications c ON c.household_id = h.id
	WHERE h.unit_id = ANY (unit_ids) AND h.merged_into_id IS NULL
	GROUP BY 1, 2, 3
	UNION ALL
	SELECT h.unit_id, 0, '*', count(*)::int FROM households h
	WHERE h.unit_id = ANY (unit_ids) AND h.merged_into_id IS NULL
	GROUP BY 1;
END $$;
--> statement-breakpoint
CREATE OR REPLACE FUNCTION reach_counts_flush() RETURNS integer LANGUAGE plpgsql AS $$
DECLARE
	us uuid[];
BEGIN
	WITH taken AS (DELETE FROM reach_unit_pending RETURNING unit_id)
	SELECT array_agg(unit_id) INTO us FROM taken;
	IF us IS NULL THEN
		RETURN 0;
	END IF;
	PERFORM rebuild_reach_counts_at(us);
	RETURN cardinality(us);
END $$;
--> statement-breakpoint
CREATE OR REPLACE FUNCTION reach_counts_note_reach() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
	IF TG_OP IN ('INSERT', 'UPDATE') THEN
		INSERT INTO reach_unit_pending SELECT DISTINCT h.unit_id FROM households h WHERE h.id IN (SELECT household_id FROM new_rows) ON CONFLICT DO NOTHING;
	END IF;
	IF TG_OP IN ('DELETE', 'UPDATE') THEN
		INSERT INTO reach_unit_pending SELECT DISTINCT h.unit_id FROM households h WHERE h.id IN (SELECT household_id FROM old_rows) ON CONFLICT DO NOTHING;
	END IF;
	RETURN NULL;
END $$;
--> statement-breakpoint
CREATE OR REPLACE FUNCTION reach_counts_note_households() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
	IF TG_OP IN ('INSERT', 'UPDATE') THEN
		INSERT INTO reach_unit_pending SELECT DISTINCT unit_id FROM new_rows ON CONFLICT DO NOTHING;
	END IF;
	IF TG_OP IN ('DELETE', 'UPDATE') THEN
		INSERT INTO reach_unit_pending SELECT DISTINCT unit_id FROM old_rows ON CONFLICT DO NOTHING;
	END IF;
	RETURN NULL;
END $$;
--> statement-breakpoint
CREATE TRIGGER reach_counts_reach_insert AFTER INSERT ON household_reach
	REFERENCING NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION reach_counts_note_reach();
--> statement-breakpoint
CREATE TRIGGER reach_counts_reach_delete AFTER DELETE ON household_reach
	REFERENCING OLD TABLE AS old_rows FOR EACH STATEMENT EXECUTE FUNCTION reach_counts_note_reach();
--> statement-breakpoint
CREATE TRIGGER reach_counts_reach_update AFTER UPDATE ON household_reach
	REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION reach_counts_note_reach();
--> statement-breakpoint
CREATE TRIGGER reach_counts_classifications_insert AFTER INSERT ON household_classifications
	REFERENCING NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION reach_counts_note_reach();
--> statement-breakpoint
CREATE TRIGGER reach_counts_classifications_delete AFTER DELETE ON household_classifications
	REFERENCING OLD TABLE AS old_rows FOR EACH STATEMENT EXECUTE FUNCTION reach_counts_note_reach();
--> statement-breakpoint
CREATE TRIGGER reach_counts_classifications_update AFTER UPDATE ON household_classifications
	REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION reach_counts_note_reach();
--> statement-breakpoint
CREATE TRIGGER reach_counts_households_insert AFTER INSERT ON households
	REFERENCING NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION reach_counts_note_households();
--> statement-breakpoint
CREATE TRIGGER reach_counts_households_delete AFTER DELETE ON households
	REFERENCING OLD TABLE AS old_rows FOR EACH STATEMENT EXECUTE FUNCTION reach_counts_note_households();
--> statement-breakpoint
CREATE TRIGGER reach_counts_households_update AFTER UPDATE ON households
	REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION reach_counts_note_households();
--> statement-breakpoint
INSERT INTO reach_unit_pending SELECT DISTINCT unit_id FROM households ON CONFLICT DO NOTHING;
--> statement-breakpoint
SELECT reach_counts_flush();
