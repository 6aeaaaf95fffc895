import { and, desc, eq, sql } from 'drizzle-orm';
import type { Db } from '../../../db/client';
import type { Actor } from '../../../access/actor';
import { escapeLike, scopeCondition } from '../../../access/actor';
import { units } from '../../units/units.tables';
import { householdImports } from '../households.tables';
import type { VillageUnit } from './import.villages';

/**
 * The SQL of list imports. Rows travel as one JSON parameter per batch (jsonb_to_recordset):
 * binding a dozen parameters per row is what makes big imports slow, on PGlite most of all.
 */

/** Current communes and villages the actor may import lists into, in tree order, up to `limit`. */
export async function selectImportableUnits(db: Db, actor: Actor, limit: number) {
	return db
		.select({ code: units.code, name: units.name, level: units.level, path: units.path })
		.from(units)
		.where(
			and(
				sql`${units.level} IN ('commune', 'village')`,
				sql`${units.validTo} IS NULL AND ${units.successorId} IS NULL`,
				scopeCondition(actor, 'households.import', units.path)
			)
		)
		.orderBy(units.path)
		.limit(limit);
}

/** The villages (current and merged) under a unit's path. */
export async function selectVillagesUnder(db: Db, path: string): Promise<VillageUnit[]> {
	return db
		.select({ id: units.id, code: units.code, name: units.name, path: units.path, validTo: units.validTo, successorId: units.successorId })
		.from(units)
		.where(and(eq(units.level, 'village'), sql`${units.path} LIKE ${escapeLike(path) + '%'}`));
}

/**
 * Serialises imports into one commune until the transaction ends: two lists imported at once
 * would each miss the households the other is adding and enter them twice.
 */
export async function lockCommuneImports(db: Db, communePath: string): Promise<void> {
	await db.execute(sql`SELECT pg_advisory_xact_lock(7346120, hashtext(${communePath}))`);
}

/** A registered household a row may be, with its classification of the import's year. */
export interface MatchRow {
	/** The row's index in the batch. */
	k: number;
	/** How it matched: `id` (ID number) or `key` (name, birth year and village). */
	via: 'id' | 'key';
	id: string;
	unit_id: string;
	unit_path: string;
	head_name: string;
	head_name_norm: string;
	birth_year: number | null;
	sex: string | null;
	id_number: string | null;
	address: string | null;
	members: number | null;
	ethnicity: string | null;
	language: string | null;
	phone: string | null;
	notes: string | null;
	category: string | null;
	standard_code: string | null;
	lacking: string[] | null;
}

export interface MatchProbe {
	k: number;
	unitId: string;
	idNumber: string | null;
	nameNorm: string;
	birthYear: number | null;
}

/**
 * Registered households that rows are: the same ID number in the commune, else the same
 * normalised name and birth year (both unknown counts as the same) in the same village when
 * the ID numbers do not contradict each other. Merged-away records are never matched.
 */
export async function selectMatches(db: Db, communePath: string, year: number, probes: MatchProbe[]): Promise<MatchRow[]> {
	const json = JSON.stringify(probes);
	const result = await db.execute(sql`
		WITH p AS (
			SELECT * FROM jsonb_to_recordset(${json}::jsonb) AS x("k" int, "unitId" uuid, "idNumber" text, "nameNorm" text, "birthYear" int)
		), m AS (
			SELECT p."k", 'id' AS via, h.id FROM p
			JOIN households h ON h.id_number = p."idNumber"
			WHERE p."idNumber" IS NOT NULL AND h.merged_into_id IS NULL
			UNION ALL
			SELECT p."k", 'key', h.id FROM p
			JOIN households h ON h.unit_id = p."unitId" AND h.head_name_norm = p."nameNorm" AND h.birth_year IS NOT DISTINCT FROM p."birthYear"
			WHERE h.merged_into_id IS NULL AND (p."idNumber" IS NULL OR h.id_number IS NULL OR h.id_number = p."idNumber")
		)
		SELECT m."k", m.via, h.id, h.unit_id, u.path AS unit_path, h.head_name, h.head_name_norm, h.birth_year, h.sex, h.id_number,
			h.address, h.members, h.ethnicity, h.language, h.phone, h.notes, c.category, c.standard_code, c.lacking
		FROM m
		JOIN households h ON h.id = m.id
		JOIN units u ON u.id = h.unit_id AND u.path LIKE ${escapeLike(communePath) + '%'}
		LEFT JOIN household_classifications c ON c.household_id = h.id AND c.year = ${year}`);
	// Both drivers answer a raw statement with `{ rows }`.
	return (result as unknown as { rows: MatchRow[] }).rows;
}

/** A household as the import writes it. */
export interface HouseholdWrite {
	id: string;
	unitId: string;
	headName: string;
	headNameNorm: string;
	birthYear: number | null;
	sex: string | null;
	idNumber: string | null;
	address: string | null;
	members: number | null;
	ethnicity: string | null;
	language: string | null;
	phone: string | null;
	notes: string | null;
}

const householdRecord = sql.raw(`"id" uuid, "unitId" uuid, "headName" text, "headNameNorm" text, "birthYear" int, "sex" text, "idNumber" text,
	"address" text, "members" int, "ethnicity" text, "language" text, "phone" text, "notes" text`);

export async function insertHouseholds(db: Db, rows: HouseholdWrite[], createdBy: string | null): Promise<void> {
	if (!rows.length) return;
	await db.execute(sql`
		INSERT INTO households (id, unit_id, head_name, head_name_norm, birth_year, sex, id_number, address, members, ethnicity, language, phone, notes, created_by)
		SELECT "id", "unitId", "headName", "headNameNorm", "birthYear", "sex", "idNumber", "address", "members", "ethnicity", "language", "phone", "notes", ${createdBy}::uuid
		FROM jsonb_to_recordset(${JSON.stringify(rows)}::jsonb) AS x(${householdRecord})`);
}

/** Writes every field of each household (the caller merged the row into what was stored). */
export async function updateHouseholds(db: Db, rows: HouseholdWrite[]): Promise<void> {
	if (!rows.length) return;
	await db.execute(sql`
		UPDATE households AS h SET unit_id = v."unitId", head_name = v."headName", head_name_norm = v."headNameNorm", birth_year = v."birthYear",
			sex = v."sex", id_number = v."idNumber", address = v."address", members = v."members", ethnicity = v."ethnicity",
			language = v."language", phone = v."phone", notes = v."notes", updated_at = now()
		FROM jsonb_to_recordset(${JSON.stringify(rows)}::jsonb) AS v(${householdRecord})
		WHERE h.id = v."id"`);
}

export interface ClassificationWrite {
	householdId: string;
	category: string;
	standardCode: string;
	lacking: string[];
}

/** Sets each household's category of `year`, replacing what was recorded. */
export async function upsertClassifications(db: Db, year: number, rows: ClassificationWrite[]): Promise<void> {
	if (!rows.length) return;
	await db.execute(sql`
		INSERT INTO household_classifications (household_id, year, category, standard_code, lacking)
		SELECT "householdId", ${year}::int, "category", "standardCode", "lacking"
		FROM jsonb_to_recordset(${JSON.stringify(rows)}::jsonb) AS x("householdId" uuid, "category" text, "standardCode" text, "lacking" text[])
		ON CONFLICT (household_id, year) DO UPDATE SET category = excluded.category, standard_code = excluded.standard_code,
			lacking = excluded.lacking, updated_at = now()`);
}

export type ImportRecord = typeof householdImports.$inferSelect;

export async function insertImportRecord(db: Db, record: { id: string; unitId: string; fileName: string; sha256: string; year: number; createdBy: string | null }) {
	await db.insert(householdImports).values({ ...record, status: 'running' });
}

export async function finishImportRecord(db: Db, id: string, status: 'done' | 'failed', summary: unknown): Promise<void> {
	await db.update(householdImports).set({ status, summary, finishedAt: new Date() }).where(eq(householdImports.id, id));
}

export interface ImportRecordWithUnit {
	record: ImportRecord;
	unitCode: string;
	unitName: string;
	unitPath: string;
}

export async function selectImportRecord(db: Db, id: string): Promise<ImportRecordWithUnit | undefined> {
	const [row] = await db
		.select({ record: householdImports, unitCode: units.code, unitName: units.name, unitPath: units.path })
		.from(householdImports)
		.innerJoin(units, eq(units.id, householdImports.unitId))
		.where(eq(householdImports.id, id));
	return row;
}

/** The upload history the actor may see, newest first (without the summaries' row lists). */
export async function selectImportRecords(db: Db, actor: Actor, limit: number) {
	return db
		.select({
			id: householdImports.id,
			fileName: householdImports.fileName,
			year: householdImports.year,
			status: householdImports.status,
			startedAt: householdImports.startedAt,
			finishedAt: householdImports.finishedAt,
			counts: sql<Record<string, number> | null>`${householdImports.summary} - 'errors' - 'rejected' - 'rejectedRows' - 'rejectedRemovedAt'`,
			/** Rows refused (a row may have several errors). */
			errorCount: sql<number>`coalesce((${householdImports.summary} ->> 'rejectedRows')::int,
				(SELECT count(DISTINCT e -> 'row')::int FROM jsonb_array_elements(coalesce(${householdImports.summary} -> 'errors', '[]')) AS e))`,
			unitCode: units.code,
			unitName: units.name
		})
		.from(householdImports)
		.innerJoin(units, eq(units.id, householdImports.unitId))
		.where(scopeCondition(actor, 'households.import', units.path))
		.orderBy(desc(householdImports.startedAt))
		.limit(limit);
}
