import { and, asc, desc, eq, inArray, sql, type SQL } from 'drizzle-orm';
import { alias } from 'drizzle-orm/pg-core';
import type { Db } from '../../db/client';
import type { Actor } from '../../access/actor';
import { escapeLike, scopeCondition, scopePaths } from '../../access/actor';
import type { Permission } from '../../access/roles';
import { units } from '../units/units.tables';
import { users } from '../users/users.tables';
import {
	deprivationIndicators,
	householdClassifications,
	householdConsents,
	householdDuplicateFlags,
	households,
	povertyStandards
} from './households.tables';
import { normaliseName } from './households.normalise';
import type { ConsentState, HouseholdCategory } from './households.schemas';

export type HouseholdRow = typeof households.$inferSelect;
export type ClassificationRow = typeof householdClassifications.$inferSelect;
export type ConsentRow = typeof householdConsents.$inferSelect;
export type DuplicateFlagRow = typeof householdDuplicateFlags.$inferSelect;
export type StandardRow = typeof povertyStandards.$inferSelect;
export type IndicatorRow = typeof deprivationIndicators.$inferSelect;

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

/**
 * Inserts the open flags given as a JSON array, skipping pairs already flagged (either way round,
 * whatever became of the flag: a pair an officer dismissed is not raised again by the next import).
 */
export async function insertOpenDuplicateFlags(db: Db, json: string) {
	const result = await db.execute(sql`
		INSERT INTO household_duplicate_flags (id, household_id, other_household_id, reason, status)
		SELECT DISTINCT ON (LEAST(x."householdId", x."otherHouseholdId"), GREATEST(x."householdId", x."otherHouseholdId"))
			x."id", x."householdId", x."otherHouseholdId", x."reason", 'open'
		FROM jsonb_to_recordset(${json}::jsonb) AS x("id" uuid, "householdId" uuid, "otherHouseholdId" uuid, "reason" text)
		WHERE x."householdId" <> x."otherHouseholdId" AND NOT EXISTS (
			SELECT 1 FROM household_duplicate_flags f
			WHERE (
				(f.household_id = x."householdId" AND f.other_household_id = x."otherHouseholdId") OR
				(f.household_id = x."otherHouseholdId" AND f.other_household_id = x."householdId")))
		RETURNING id, household_id, other_household_id, reason`);
	return rowsOf<{ id: string; household_id: string; other_household_id: string; reason: string }>(result);
}

// ---------------------------------------------------------------------------------------------
// One household

/** A household with its village (code, name, path): the path decides who may see it. */
export interface HouseholdWithVillage {
	household: HouseholdRow;
	villageCode: string;
	villageName: string;
	villagePath: string;
}

const withVillage = { household: households, villageCode: units.code, villageName: units.name, villagePath: units.path };

export async function selectHouseholdById(db: Db, id: string): Promise<HouseholdWithVillage | undefined> {
	const [row] = await db.select(withVillage).from(households).innerJoin(units, eq(units.id, households.unitId)).where(eq(households.id, id)).limit(1);
	return row;
}

export async function selectHouseholdsByIds(db: Db, ids: string[]): Promise<HouseholdWithVillage[]> {
	if (!ids.length) return [];
	return db.select(withVillage).from(households).innerJoin(units, eq(units.id, households.unitId)).where(inArray(households.id, ids));
}

export async function selectClassifications(db: Db, householdId: string): Promise<ClassificationRow[]> {
	return db.select().from(householdClassifications).where(eq(householdClassifications.householdId, householdId)).orderBy(desc(householdClassifications.year));
}

/** Consent records of a household, newest first, with the name of whoever recorded each. */
export async function selectConsents(db: Db, householdId: string) {
	return db
		.select({ consent: householdConsents, recordedByName: users.displayName })
		.from(householdConsents)
		.leftJoin(users, eq(users.id, householdConsents.recordedBy))
		.where(eq(householdConsents.householdId, householdId))
		.orderBy(desc(householdConsents.recordedAt), desc(householdConsents.id));
}

/** The consent record in force for a household: its newest. */
export async function selectLatestConsent(db: Db, householdId: string): Promise<ConsentRow | undefined> {
	const [row] = await db
		.select()
		.from(householdConsents)
		.where(eq(householdConsents.householdId, householdId))
		.orderBy(desc(householdConsents.recordedAt), desc(householdConsents.id))
		.limit(1);
	return row;
}

/** The time of the newest consent record of a household (a new record must come after it). */
export async function selectLatestConsentTime(db: Db, householdId: string): Promise<Date | null> {
	const [row] = await db
		.select({ at: householdConsents.recordedAt })
		.from(householdConsents)
		.where(eq(householdConsents.householdId, householdId))
		.orderBy(desc(householdConsents.recordedAt))
		.limit(1);
	return row?.at ?? null;
}

/** Duplicate flags naming a household on either side, newest first. */
export async function selectFlagsOf(db: Db, householdId: string): Promise<DuplicateFlagRow[]> {
	return db
		.select()
		.from(householdDuplicateFlags)
		.where(sql`${householdDuplicateFlags.householdId} = ${householdId} OR ${householdDuplicateFlags.otherHouseholdId} = ${householdId}`)
		.orderBy(desc(householdDuplicateFlags.createdAt));
}

// ---------------------------------------------------------------------------------------------
// Standards

/** The poverty standard in force for a year (data: from_year … to_year), if any. */
export async function selectStandardForYear(db: Db, year: number): Promise<StandardRow | undefined> {
	const [row] = await db
		.select()
		.from(povertyStandards)
		.where(sql`${povertyStandards.fromYear} <= ${year} AND (${povertyStandards.toYear} IS NULL OR ${povertyStandards.toYear} >= ${year})`)
		.orderBy(desc(povertyStandards.fromYear))
		.limit(1);
	return row;
}

export async function selectIndicators(db: Db, standardCode: string): Promise<IndicatorRow[]> {
	return db.select().from(deprivationIndicators).where(eq(deprivationIndicators.standardCode, standardCode)).orderBy(asc(deprivationIndicators.sort));
}

// ---------------------------------------------------------------------------------------------
// Lists

/** What a list is narrowed to; every field optional but the year its classification is read for. */
export interface HouseholdSelection {
	/** Normalised or raw name words; matched without diacritics, with typos tolerated. */
	q?: string;
	/** Path of a village or a unit above it. */
	unitPath?: string;
	year: number;
	category?: HouseholdCategory;
	lacking?: string;
	consent?: ConsentState;
	duplicatesOpen?: boolean;
	/** Dates of a period (inclusive): only households no verified activity dated in it records. */
	notReached?: { from: string; to: string };
}

/** The consent in force: the newest record's `granted` (null when none was recorded). */
const consentGranted = sql<boolean | null>`(SELECT c.granted FROM household_consents c WHERE c.household_id = ${households.id} ORDER BY c.recorded_at DESC, c.id DESC LIMIT 1)`;
const consentChannelsNow = sql<string[] | null>`(SELECT c.channels FROM household_consents c WHERE c.household_id = ${households.id} ORDER BY c.recorded_at DESC, c.id DESC LIMIT 1)`;
const openFlags = sql<number>`(SELECT count(*)::int FROM household_duplicate_flags f WHERE f.status = 'open' AND (f.household_id = ${households.id} OR f.other_household_id = ${households.id}))`;

/**
 * The conditions of a selection, shared by the list, the API and the export so they narrow the
 * same way ("not reached in a period": no verified activity dated in it records the household).
 *
 * A name search has two parts: `exact`, a word of the name starts with what was typed ("van an",
 * "an"); and `fuzzy`, the whole name is close to it (pg_trgm similarity at least
 * SEARCH_SIMILARITY: "nguyen van aan" finds "nguyen van an" but not every "nguyen van …") or, for
 * one word, a word of the name is close to it ("thuu"). `name: 'exact'` keeps the first part only
 * (see selectHouseholds); the trigram index serves both.
 */
export function selectionConditions(s: HouseholdSelection, name: 'exact' | 'all' = 'all'): { where: SQL[]; rank: SQL | null } {
	const where: SQL[] = [sql`${households.mergedIntoId} IS NULL`];
	let rank: SQL | null = null;
	const qn = s.q ? normaliseName(s.q) : '';
	if (qn) {
		const contains = '%' + escapeLike(qn) + '%';
		const wordStart = '% ' + escapeLike(qn) + '%';
		const exact = sql`(${households.headNameNorm} LIKE ${contains} AND (' ' || ${households.headNameNorm}) LIKE ${wordStart})`;
		const fuzzyWord = qn.includes(' ') ? sql`false` : sql`${qn} <% ${households.headNameNorm}`;
		where.push(name === 'exact' ? exact : sql`(${exact} OR ${households.headNameNorm} % ${qn} OR ${fuzzyWord})`);
		// Word-start matches (1 + similarity) always rank above close-only ones (similarity ≤ 1).
		rank = sql`(CASE WHEN (' ' || ${households.headNameNorm}) LIKE ${wordStart} THEN 1 ELSE 0 END
			+ GREATEST(similarity(${households.headNameNorm}, ${qn}), word_similarity(${qn}, ${households.headNameNorm})))`;
	}
	if (s.category) where.push(eq(householdClassifications.category, s.category));
	if (s.lacking) where.push(sql`${s.lacking} = ANY(${householdClassifications.lacking})`);
	if (s.consent === 'granted') where.push(sql`${consentGranted} IS TRUE`);
	if (s.consent === 'withdrawn') where.push(sql`${consentGranted} IS FALSE`);
	if (s.consent === 'none') where.push(sql`${consentGranted} IS NULL`);
	if (s.notReached)
		where.push(sql`NOT EXISTS (SELECT 1 FROM activity_households ah JOIN activities a ON a.id = ah.activity_id
			WHERE ah.household_id = ${households.id} AND a.status = 'verified' AND a.date BETWEEN ${s.notReached.from}::date AND ${s.notReached.to}::date)`);
	if (s.duplicatesOpen)
		where.push(sql`${households.id} IN (SELECT f.household_id FROM household_duplicate_flags f WHERE f.status = 'open'
			UNION SELECT f.other_household_id FROM household_duplicate_flags f WHERE f.status = 'open')`);
	return { where, rank };
}

export interface HouseholdListRow {
	household: HouseholdRow;
	villageCode: string;
	villageName: string;
	villagePath: string;
	category: string | null;
	lacking: string[] | null;
	consentGranted: boolean | null;
	consentChannels: string[] | null;
	openDuplicates: number;
}

/**
 * The villages a list may draw from (the actor's reach, narrowed to `unitPath`), looked up first
 * and passed as a literal list (null: every village). With the villages known, the planner
 * intersects the trigram index's matches with the village index once, instead of probing the
 * trigram index again for every village in reach.
 */
async function villagesInReach(db: Db, actor: Actor, permission: Permission, unitPath: string | undefined): Promise<SQL | null> {
	const where: SQL[] = [scopeCondition(actor, permission, units.path)];
	if (unitPath) where.push(sql`${units.path} LIKE ${escapeLike(unitPath) + '%'}`);
	if (scopePaths(actor, permission) === null && !unitPath) return null;
	const ids = (await db.select({ id: units.id }).from(units).where(and(...where))).map((r) => r.id);
	if (!ids.length) return sql`false`;
	return sql`${households.unitId} IN (${sql.join(
		ids.map((id) => sql`${id}::uuid`),
		sql`, `
	)})`;
}

async function listQuery(db: Db, actor: Actor, permission: Permission, s: HouseholdSelection, name: 'exact' | 'all' = 'all') {
	const { where, rank } = selectionConditions(s, name);
	const reach = await villagesInReach(db, actor, permission, s.unitPath);
	if (reach) where.push(reach);
	const query = db
		.select({
			household: households,
			villageCode: units.code,
			villageName: units.name,
			villagePath: units.path,
			category: householdClassifications.category,
			lacking: householdClassifications.lacking,
			consentGranted,
			consentChannels: consentChannelsNow,
			openDuplicates: openFlags
		})
		.from(households)
		.innerJoin(units, eq(units.id, households.unitId))
		.leftJoin(householdClassifications, and(eq(householdClassifications.householdId, households.id), eq(householdClassifications.year, s.year)))
		.where(and(...where));
	return { query, rank };
}

/** How close a whole name must be to a search (pg_trgm similarity; the default 0.3 lets every "nguyen van …" match). */
export const SEARCH_SIMILARITY = 0.65;

/** Sets the trigram threshold for the rest of the caller's transaction (a search must run in one). */
async function searchThreshold(db: Db, s: HouseholdSelection) {
	if (s.q) await db.execute(sql`SELECT set_config('pg_trgm.similarity_threshold', ${String(SEARCH_SIMILARITY)}, true)`);
}

/**
 * Households the actor may read, narrowed by the selection; best name matches first when
 * searching. Run it in a transaction (the search threshold is set for it).
 *
 * A search first asks for word-start matches only: they rank above every match that is only
 * close, so when they fill the page the close ones could not appear on it, and the costly part
 * (similarity to every name sharing a few trigrams, "nguyen van …" being most of a commune) is
 * skipped. Only when they do not (a typo, a rare name) does the whole search run.
 */
export async function selectHouseholds(db: Db, actor: Actor, s: HouseholdSelection, limit: number, offset: number) {
	await searchThreshold(db, s);
	const page = async (name: 'exact' | 'all') => {
		const { query, rank } = await listQuery(db, actor, 'households.read', s, name);
		const order = rank ? [desc(rank), asc(households.headNameNorm), asc(households.id)] : [asc(units.code), asc(households.headNameNorm), asc(households.id)];
		return (await query.orderBy(...order).limit(limit + 1).offset(offset)) as HouseholdListRow[];
	};
	let rows = s.q ? await page('exact') : [];
	if (!s.q || rows.length <= limit) rows = await page('all');
	return { items: rows.slice(0, limit), hasMore: rows.length > limit };
}

/** Every household of a selection, in village and name order, up to `max` + 1 (the export). */
export async function selectHouseholdsForExport(db: Db, actor: Actor, s: HouseholdSelection, max: number): Promise<HouseholdListRow[]> {
	await searchThreshold(db, s);
	const { query } = await listQuery(db, actor, 'households.read', s);
	return (await query.orderBy(asc(units.code), asc(households.headNameNorm), asc(households.id)).limit(max + 1)) as HouseholdListRow[];
}

const commune = alias(units, 'commune');

/**
 * Households by village × year × category, for those who may count (never names). Merged-away
 * records are not counted.
 */
export async function selectCounts(db: Db, actor: Actor, unitPath: string | null, year: number | null) {
	const where: SQL[] = [scopeCondition(actor, 'households.counts', units.path), sql`${households.mergedIntoId} IS NULL`];
	if (unitPath) where.push(sql`${units.path} LIKE ${escapeLike(unitPath) + '%'}`);
	if (year !== null) where.push(eq(householdClassifications.year, year));
	return db
		.select({
			villageCode: units.code,
			villageName: units.name,
			communeCode: commune.code,
			communeName: commune.name,
			year: householdClassifications.year,
			category: householdClassifications.category,
			households: sql<number>`count(*)::int`,
			members: sql<number>`coalesce(sum(${households.members}), 0)::int`
		})
		.from(householdClassifications)
		.innerJoin(households, eq(households.id, householdClassifications.householdId))
		.innerJoin(units, eq(units.id, households.unitId))
		.leftJoin(commune, eq(commune.id, units.parentId))
		.where(and(...where))
		.groupBy(units.code, units.name, commune.code, commune.name, householdClassifications.year, householdClassifications.category)
		.orderBy(asc(commune.code), asc(units.code), desc(householdClassifications.year), asc(householdClassifications.category));
}

/** Years that have classifications within the actor's counting reach (for the year picker). */
export async function selectClassifiedYears(db: Db, actor: Actor): Promise<number[]> {
	const rows = await db
		.selectDistinct({ year: householdClassifications.year })
		.from(householdClassifications)
		.innerJoin(households, eq(households.id, householdClassifications.householdId))
		.innerJoin(units, eq(units.id, households.unitId))
		.where(scopeCondition(actor, 'households.counts', units.path))
		.orderBy(desc(householdClassifications.year));
	return rows.map((r) => r.year);
}

/** Villages (active) where the actor holds `permission`, for forms and filters. */
export async function selectVillages(db: Db, actor: Actor, permission: Permission) {
	return db
		.select({ id: units.id, code: units.code, name: units.name, path: units.path })
		.from(units)
		.where(and(eq(units.level, 'village'), sql`${units.validTo} IS NULL AND ${units.successorId} IS NULL`, scopeCondition(actor, permission, units.path)))
		.orderBy(asc(units.path), asc(units.code));
}

// ---------------------------------------------------------------------------------------------
// Consent for outreach

/**
 * Households in reach of `unitPath` whose consent in force (newest record) is granted and names
 * `channel`. Merged-away records never appear.
 */
export async function selectContactable(db: Db, unitPath: string | null, channel: string) {
	const where: SQL[] = [sql`${households.mergedIntoId} IS NULL`, sql`${consentGranted} IS TRUE`, sql`${consentChannelsNow} @> ARRAY[${channel}]::text[]`];
	if (unitPath) where.push(sql`${units.path} LIKE ${escapeLike(unitPath) + '%'}`);
	return db
		.select({ id: households.id, unitId: households.unitId, phone: households.phone, language: households.language })
		.from(households)
		.innerJoin(units, eq(units.id, households.unitId))
		.where(and(...where))
		.orderBy(asc(households.id));
}

// ---------------------------------------------------------------------------------------------
// Duplicate flags

export interface FlagListRow {
	flag: DuplicateFlagRow;
	one: HouseholdWithVillage;
	other: HouseholdWithVillage;
}

const other = alias(households, 'other_household');
const otherVillage = alias(units, 'other_village');

/** Open flags whose two households the actor may both read, oldest first. */
export async function selectOpenFlags(db: Db, actor: Actor, unitPath: string | null, limit: number, offset: number) {
	const where: SQL[] = [
		eq(householdDuplicateFlags.status, 'open'),
		scopeCondition(actor, 'households.read', units.path),
		scopeCondition(actor, 'households.read', otherVillage.path)
	];
	if (unitPath) where.push(sql`${units.path} LIKE ${escapeLike(unitPath) + '%'}`);
	const rows = await db
		.select({
			flag: householdDuplicateFlags,
			one: households,
			oneVillageCode: units.code,
			oneVillageName: units.name,
			oneVillagePath: units.path,
			other,
			otherVillageCode: otherVillage.code,
			otherVillageName: otherVillage.name,
			otherVillagePath: otherVillage.path
		})
		.from(householdDuplicateFlags)
		.innerJoin(households, eq(households.id, householdDuplicateFlags.householdId))
		.innerJoin(units, eq(units.id, households.unitId))
		.innerJoin(other, eq(other.id, householdDuplicateFlags.otherHouseholdId))
		.innerJoin(otherVillage, eq(otherVillage.id, other.unitId))
		.where(and(...where))
		.orderBy(asc(householdDuplicateFlags.createdAt), asc(householdDuplicateFlags.id))
		.limit(limit + 1)
		.offset(offset);
	const items: FlagListRow[] = rows.slice(0, limit).map((r) => ({
		flag: r.flag,
		one: { household: r.one, villageCode: r.oneVillageCode, villageName: r.oneVillageName, villagePath: r.oneVillagePath },
		other: { household: r.other, villageCode: r.otherVillageCode, villageName: r.otherVillageName, villagePath: r.otherVillagePath }
	}));
	return { items, hasMore: rows.length > limit };
}

export async function selectFlagById(db: Db, id: string): Promise<DuplicateFlagRow | undefined> {
	const [row] = await db.select().from(householdDuplicateFlags).where(eq(householdDuplicateFlags.id, id)).limit(1);
	return row;
}

/**
 * Moves what hangs on a merged-away household to the one kept: classifications of years the kept
 * one lacks (the kept record wins a year both have; the other stays on the merged-away record as
 * history), every consent record (the newest still
 * decides), and its open flags (flags that would then pair the kept household with itself close).
 */
export async function moveToKept(db: Db, mergedId: string, keptId: string, resolvedBy: string | null): Promise<void> {
	await db.execute(sql`
		UPDATE household_classifications c SET household_id = ${keptId}
		WHERE c.household_id = ${mergedId}
			AND NOT EXISTS (SELECT 1 FROM household_classifications k WHERE k.household_id = ${keptId} AND k.year = c.year)`);
	await db.execute(sql`UPDATE household_consents SET household_id = ${keptId} WHERE household_id = ${mergedId}`);
	await db.execute(sql`
		UPDATE household_duplicate_flags SET household_id = ${keptId} WHERE household_id = ${mergedId} AND status = 'open'`);
	await db.execute(sql`
		UPDATE household_duplicate_flags SET other_household_id = ${keptId} WHERE other_household_id = ${mergedId} AND status = 'open'`);
	await db.execute(sql`
		UPDATE household_duplicate_flags SET status = 'merged', resolved_by = ${resolvedBy}, resolved_at = now()
		WHERE status = 'open' AND household_id = ${keptId} AND other_household_id = ${keptId}`);
}

/** Marks a household merged into another, filling the kept one's blanks, and points earlier merges at the kept one. */
export async function markMerged(db: Db, mergedId: string, keptId: string, filled: Partial<HouseholdRow>): Promise<void> {
	await db.update(households).set({ mergedIntoId: keptId, updatedAt: new Date() }).where(eq(households.id, mergedId));
	await db.update(households).set({ mergedIntoId: keptId }).where(eq(households.mergedIntoId, mergedId));
	if (Object.keys(filled).length) await db.update(households).set({ ...filled, updatedAt: new Date() }).where(eq(households.id, keptId));
}

export async function resolveFlag(db: Db, flagId: string, status: 'merged' | 'dismissed', by: string | null): Promise<void> {
	await db
		.update(householdDuplicateFlags)
		.set({ status, resolvedBy: by, resolvedAt: new Date() })
		.where(eq(householdDuplicateFlags.id, flagId));
}
