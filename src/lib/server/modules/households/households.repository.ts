import { sql } from 'drizzle-orm';
import type { Db } from '../../db/client';

/** The rows of a raw `execute` (both drivers answer `{ rows }`). */
const rowsOf = <T>(result: unknown): T[] => (result as { rows: T[] }).rows;

/** Candidate matches of duplicate probes given as a JSON array (see findDuplicateCandidatesMany). */
export async function selectDuplicateCandidates(db: Db, json: string) {
	const result = await db.execute(sql`
		WITH probe AS (
			SELECT x.*, regexp_replace(v.path, '[^/]+/$', '') AS commune_path
			FROM jsonb_to_recordset(${json}::jsonb)
				AS x("key" text, "unitId" uuid, "idNumber" text, "headNameNorm" text, "birthYear" int, "excludeId" uuid)
			JOIN units v ON v.id = x."unitId"
		)
		SELECT p."key" AS key, h.id AS household_id, 'id_number' AS reason
		FROM probe p
		JOIN households h ON h.id_number = p."idNumber"
		JOIN units hu ON hu.id = h.unit_id AND hu.path LIKE p.commune_path || '%'
		WHERE p."idNumber" IS NOT NULL AND h.merged_into_id IS NULL AND h.id IS DISTINCT FROM p."excludeId"
		UNION ALL
		SELECT p."key", h.id, 'name_birth_village'
		FROM probe p
		JOIN households h ON h.unit_id = p."unitId" AND h.head_name_norm = p."headNameNorm"
			AND h.birth_year IS NOT DISTINCT FROM p."birthYear"
		WHERE h.merged_into_id IS NULL AND h.id IS DISTINCT FROM p."excludeId"
			AND (p."idNumber" IS NULL OR h.id_number IS DISTINCT FROM p."idNumber")`);
	return rowsOf<{ key: string; household_id: string; reason: string }>(result);
}

/** Inserts the open flags given as a JSON array, skipping pairs already flagged open (either way round). */
export async function insertOpenDuplicateFlags(db: Db, json: string) {
	const result = await db.execute(sql`
		INSERT INTO household_duplicate_flags (id, household_id, other_household_id, reason, status)
		SELECT DISTINCT ON (LEAST(x."householdId", x."otherHouseholdId"), GREATEST(x."householdId", x."otherHouseholdId"))
			x."id", x."householdId", x."otherHouseholdId", x."reason", 'open'
		FROM jsonb_to_recordset(${json}::jsonb) AS x("id" uuid, "householdId" uuid, "otherHouseholdId" uuid, "reason" text)
		WHERE x."householdId" <> x."otherHouseholdId" AND NOT EXISTS (
			SELECT 1 FROM household_duplicate_flags f
			WHERE f.status = 'open' AND (
				(f.household_id = x."householdId" AND f.other_household_id = x."otherHouseholdId") OR
				(f.household_id = x."otherHouseholdId" AND f.other_household_id = x."householdId")))
		RETURNING id, household_id, other_household_id, reason`);
	return rowsOf<{ id: string; household_id: string; other_household_id: string; reason: string }>(result);
}
