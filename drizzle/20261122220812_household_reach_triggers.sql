-- household_reach is kept by the database: every change to activity_households, and every change
-- of an activity's status, date or channel, recomputes the reach rows of the households it
-- touches from the source tables (recomputed, not incremented, so the table always equals a
-- recomputation from scratch). Deleting an activity deletes its links (ON DELETE CASCADE), which
-- fires the activity_households trigger. A set-based bulk writer may switch the triggers off for
-- its transaction with set_config('lantoa.reach_deferred', 'on', true) and must then call
-- rebuild_household_reach() for the households it touched.

-- The reach rows of the given households (all households when ids is NULL), from the source tables.
CREATE OR REPLACE FUNCTION rebuild_household_reach(ids uuid[]) RETURNS void LANGUAGE plpgsql AS $$
BEGIN
	IF ids IS NULL THEN
		DELETE FROM household_reach;
	ELSE
		DELETE FROM household_reach WHERE household_id = ANY (ids);
	END IF;
	INSERT INTO household_reach (household_id, year, channel_code, months)
	SELECT household_id, year, COALESCE(channel_code, '*'), bit_or(m)
	FROM (
		SELECT ah.household_id, extract(year FROM a.date)::int AS year, a.channel_code,
			1 << (extract(month FROM a.date)::int - 1) AS m
		FROM activity_households ah JOIN activities a ON a.id = ah.activity_id
		WHERE a.status = 'verified' AND (ids IS NULL OR ah.household_id = ANY (ids))
	) s
	GROUP BY GROUPING SETS ((household_id, year, channel_code), (household_id, year));
END $$;
--> statement-breakpoint
CREATE OR REPLACE FUNCTION household_reach_deferred() RETURNS boolean LANGUAGE sql STABLE AS $$
	SELECT COALESCE(current_setting('lantoa.reach_deferred', true), '') = 'on'
$$;
--> statement-breakpoint
CREATE OR REPLACE FUNCTION household_reach_links_inserted() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
	IF NOT household_reach_deferred() THEN
		PERFORM rebuild_household_reach(ARRAY(SELECT DISTINCT household_id FROM new_links));
	END IF;
	RETURN NULL;
END $$;
--> statement-breakpoint
CREATE OR REPLACE FUNCTION household_reach_links_deleted() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
	IF NOT household_reach_deferred() THEN
		PERFORM rebuild_household_reach(ARRAY(SELECT DISTINCT household_id FROM old_links));
	END IF;
	RETURN NULL;
END $$;
--> statement-breakpoint
CREATE OR REPLACE FUNCTION household_reach_links_updated() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
	IF NOT household_reach_deferred() THEN
		PERFORM rebuild_household_reach(ARRAY(SELECT household_id FROM old_links UNION SELECT household_id FROM new_links));
	END IF;
	RETURN NULL;
END $$;
--> statement-breakpoint
-- An activity's change matters to reach when it was or becomes verified and its status, date or
-- channel changed; the households are those it records.
CREATE OR REPLACE FUNCTION household_reach_activities_updated() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
	IF NOT household_reach_deferred() THEN
		PERFORM rebuild_household_reach(ARRAY(
			SELECT DISTINCT ah.household_id
			FROM old_activities o JOIN new_activities n ON n.id = o.id
			JOIN activity_households ah ON ah.activity_id = n.id
			WHERE (o.status = 'verified' OR n.status = 'verified')
				AND (o.status IS DISTINCT FROM n.status OR o.date IS DISTINCT FROM n.date OR o.channel_code IS DISTINCT FROM n.channel_code)));
	END IF;
	RETURN NULL;
END $$;
--> statement-breakpoint
CREATE TRIGGER household_reach_links_insert AFTER INSERT ON activity_households
	REFERENCING NEW TABLE AS new_links FOR EACH STATEMENT EXECUTE FUNCTION household_reach_links_inserted();
--> statement-breakpoint
CREATE TRIGGER household_reach_links_delete AFTER DELETE ON activity_households
	REFERENCING OLD TABLE AS old_links FOR EACH STATEMENT EXECUTE FUNCTION household_reach_links_deleted();
--> statement-breakpoint
CREATE TRIGGER household_reach_links_update AFTER UPDATE ON activity_households
	REFERENCING OLD TABLE AS old_links NEW TABLE AS new_links FOR EACH STATEMENT EXECUTE FUNCTION household_reach_links_updated();
--> statement-breakpoint
CREATE TRIGGER household_reach_activities_update AFTER UPDATE ON activities
	REFERENCING OLD TABLE AS old_activities NEW TABLE AS new_activities FOR EACH STATEMENT EXECUTE FUNCTION household_reach_activities_updated();
--> statement-breakpoint
-- The reach of what is there already.
SELECT rebuild_household_reach(NULL);
