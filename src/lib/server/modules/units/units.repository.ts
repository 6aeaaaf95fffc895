import { and, asc, eq, ilike, or, sql, type SQL } from 'drizzle-orm';
import { alias } from 'drizzle-orm/pg-core';
import type { Db } from '../../db/client';
import type { Actor } from '../../access/actor';
import { escapeLike, scopeCondition } from '../../access/actor';
import { unitLevels, units } from './units.tables';

export type UnitRow = typeof units.$inferSelect;
export type UnitLevelRow = typeof unitLevels.$inferSelect;

const parent = alias(units, 'parent');
/** Depth in the tree, from the number of slashes in the path: lists show provinces before communes. */
const successor = alias(units, 'successor');

/** A unit with the codes of its parent and successor, as lists and pages show it. */
export const unitWithCodes = {
	unit: units,
	parentCode: parent.code,
	successorCode: successor.code
};

export type UnitWithCodes = { unit: UnitRow; parentCode: string | null; successorCode: string | null };

function withCodes(db: Db) {
	return db
		.select(unitWithCodes)
		.from(units)
		.leftJoin(parent, eq(parent.id, units.parentId))
		.leftJoin(successor, eq(successor.id, units.successorId));
}

export async function selectUnitByCode(db: Db, code: string): Promise<UnitWithCodes | undefined> {
	const [row] = await withCodes(db).where(eq(units.code, code)).limit(1);
	return row;
}

export async function selectUnitById(db: Db, id: string): Promise<UnitWithCodes | undefined> {
	const [row] = await withCodes(db).where(eq(units.id, id)).limit(1);
	return row;
}

export async function selectLevels(db: Db): Promise<UnitLevelRow[]> {
	return db.select().from(unitLevels).orderBy(asc(unitLevels.rank));
}

export interface UnitFilter {
	q?: string;
	level?: string;
	parentId?: string;
	includeInactive?: boolean;
	/** Only units valid on this date (defaults to all dates when includeInactive). */
	limit: number;
	offset: number;
}

/** Units the actor may read, filtered; one query, scope first. */
export async function selectUnits(db: Db, actor: Actor, f: UnitFilter) {
	const conditions: SQL[] = [scopeCondition(actor, 'units.read', units.path)];
	if (f.q) {
		const like = '%' + escapeLike(f.q) + '%';
		conditions.push(or(ilike(units.name, like), ilike(units.code, like))!);
	}
	if (f.level) conditions.push(eq(units.level, f.level));
	if (f.parentId) conditions.push(eq(units.parentId, f.parentId));
	if (!f.includeInactive) conditions.push(sql`${units.validTo} IS NULL AND ${units.successorId} IS NULL`);
	const rows = await withCodes(db)
		.where(and(...conditions))
		.orderBy(asc(units.depth), asc(units.code))
		.limit(f.limit + 1)
		.offset(f.offset);
	return { items: rows.slice(0, f.limit), hasMore: rows.length > f.limit };
}

/** Every unit in the subtree of `path`, in tree order (for exports). */
export async function selectSubtree(db: Db, actor: Actor, path: string | null) {
	const conditions: SQL[] = [scopeCondition(actor, 'units.read', units.path)];
	if (path) conditions.push(sql`${units.path} LIKE ${escapeLike(path) + '%'}`);
	return withCodes(db)
		.where(and(...conditions))
		.orderBy(asc(units.path));
}

/** Rewrites the path prefix of a whole subtree after a move. */
export async function rewriteSubtreePaths(db: Db, oldPrefix: string, newPrefix: string): Promise<void> {
	await db.execute(sql`
		UPDATE units SET path = ${newPrefix} || substr(path, ${oldPrefix.length + 1}), updated_at = now()
		WHERE path LIKE ${escapeLike(oldPrefix) + '%'}`);
}

/**
 * Units by code, with parent and successor codes. The codes travel as one JSON parameter: binding
 * thousands of separate parameters is what makes big lookups slow, on PGlite most of all.
 */
export async function selectUnitsByCodes(db: Db, codes: string[]): Promise<UnitWithCodes[]> {
	const out: UnitWithCodes[] = [];
	for (let i = 0; i < codes.length; i += 10_000) {
		const chunk = JSON.stringify(codes.slice(i, i + 10_000));
		out.push(...(await withCodes(db).where(sql`${units.code} IN (SELECT jsonb_array_elements_text(${chunk}::jsonb))`)));
	}
	return out;
}

/** Units merged into `id` (its history: the units it took over). */
export async function selectMergedInto(db: Db, id: string) {
	return db
		.select({ code: units.code, name: units.name, validTo: units.validTo })
		.from(units)
		.where(eq(units.successorId, id))
		.orderBy(asc(units.code));
}

export interface UnitInsert {
	id: string;
	code: string;
	name: string;
	level: string;
	parentId: string | null;
	path: string;
	validFrom: string | null;
	validTo: string | null;
}

/** Inserts many units, 2,000 a statement, passed as one JSON parameter (see selectUnitsByCodes). */
export async function insertUnits(db: Db, rows: UnitInsert[]): Promise<void> {
	for (let i = 0; i < rows.length; i += 2000) {
		const json = JSON.stringify(rows.slice(i, i + 2000));
		await db.execute(sql`
			INSERT INTO units (id, code, name, level, parent_id, path, valid_from, valid_to)
			SELECT "id", "code", "name", "level", "parentId", "path", "validFrom", "validTo"
			FROM jsonb_to_recordset(${json}::jsonb)
				AS x("id" uuid, "code" text, "name" text, "level" text, "parentId" uuid, "path" text, "validFrom" date, "validTo" date)`);
	}
}

export interface UnitFields {
	id: string;
	name: string;
	parentId: string | null;
	validFrom: string | null;
	validTo: string | null;
	successorId: string | null;
}

/** Sets the editable fields of many units, 2,000 a statement. */
export async function updateUnitFields(db: Db, rows: UnitFields[]): Promise<void> {
	for (let i = 0; i < rows.length; i += 2000) {
		const json = JSON.stringify(rows.slice(i, i + 2000));
		await db.execute(sql`
			UPDATE units AS u SET name = v."name", parent_id = v."parentId", valid_from = v."validFrom", valid_to = v."validTo",
				successor_id = v."successorId", updated_at = now()
			FROM jsonb_to_recordset(${json}::jsonb)
				AS v("id" uuid, "name" text, "parentId" uuid, "validFrom" date, "validTo" date, "successorId" uuid)
			WHERE u.id = v."id"`);
	}
}
