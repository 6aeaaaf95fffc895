import { and, asc, eq, ilike, inArray, or, sql, type SQL } from 'drizzle-orm';
import { alias } from 'drizzle-orm/pg-core';
import type { Db } from '../../db/client';
import type { Actor } from '../../access/actor';
import { escapeLike, scopeCondition } from '../../access/actor';
import { unitLevels, units } from './units.tables';

export type UnitRow = typeof units.$inferSelect;
export type UnitLevelRow = typeof unitLevels.$inferSelect;

const parent = alias(units, 'parent');
/** Depth in the tree, from the number of slashes in the path: lists show provinces before communes. */
const unitDepth = sql`length(${units.path}) - length(replace(${units.path}, '/', ''))`;
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
		.orderBy(unitDepth, asc(units.code))
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

/** Units by code, with parent and successor codes; chunked so a country-sized file stays under the parameter limit. */
export async function selectUnitsByCodes(db: Db, codes: string[]): Promise<UnitWithCodes[]> {
	const out: UnitWithCodes[] = [];
	for (let i = 0; i < codes.length; i += 1000) out.push(...(await withCodes(db).where(inArray(units.code, codes.slice(i, i + 1000)))));
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

export type UnitInsert = typeof units.$inferInsert;

/** Inserts many units, 500 a statement (PGlite pays per statement, not per row). */
export async function insertUnits(db: Db, rows: UnitInsert[]): Promise<void> {
	for (let i = 0; i < rows.length; i += 500) await db.insert(units).values(rows.slice(i, i + 500));
}

export interface UnitFields {
	id: string;
	name: string;
	parentId: string | null;
	validFrom: string | null;
	validTo: string | null;
	successorId: string | null;
}

/** Sets the editable fields of many units, one statement per 1,000 units. */
export async function updateUnitFields(db: Db, rows: UnitFields[]): Promise<void> {
	for (let i = 0; i < rows.length; i += 1000) {
		const values = rows
			.slice(i, i + 1000)
			.map((r) => sql`(${r.id}::uuid, ${r.name}::text, ${r.parentId}::uuid, ${r.validFrom}::date, ${r.validTo}::date, ${r.successorId}::uuid)`);
		await db.execute(sql`
			UPDATE units AS u SET name = v.name, parent_id = v.parent_id, valid_from = v.valid_from, valid_to = v.valid_to,
				successor_id = v.successor_id, updated_at = now()
			FROM (VALUES ${sql.join(values, sql`, `)}) AS v(id, name, parent_id, valid_from, valid_to, successor_id)
			WHERE u.id = v.id`);
	}
}
