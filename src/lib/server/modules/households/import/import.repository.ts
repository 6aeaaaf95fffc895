import { and, desc, eq, sql } from 'drizzle-orm';
import type { Db } from '../../../db/client';
import type { Actor } from '../../../access/actor';
import { escapeLike, scopeCondition } from '../../../access/actor';
import { units } from '../../units/units.tables';
import { householdImports } from '../households.tables';
import type { VillageUnit } from './import.villages';

/** The SQL of list imports around the write pass (which is in import.stage.ts). */

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
