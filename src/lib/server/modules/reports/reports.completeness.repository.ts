import { and, asc, eq, inArray, sql } from 'drizzle-orm';
import type { Db } from '../../db/client';
import { escapeLike } from '../../access/actor';
import { rowsOf } from '../activities/activities.reach';
import { unitLevels, units } from '../units/units.tables';
import { reportForms } from './reports.tables';

// The SQL of completeness and reminders: read straight from the tables (units, report_forms,
// reports), so these views do not wait on the report workflow's own service.

export type FormRow = typeof reportForms.$inferSelect;

export interface UnitRow {
	id: string;
	code: string;
	name: string;
	level: string;
	path: string;
	parentId: string | null;
	validFrom: string | null;
	validTo: string | null;
}

const unitColumns = {
	id: units.id,
	code: units.code,
	name: units.name,
	level: units.level,
	path: units.path,
	parentId: units.parentId,
	validFrom: units.validFrom,
	validTo: units.validTo
};

export async function selectUnitByCode(db: Db, code: string): Promise<UnitRow | undefined> {
	const [row] = await db.select(unitColumns).from(units).where(eq(units.code, code)).limit(1);
	return row;
}

export async function selectUnitsByIds(db: Db, ids: string[]): Promise<UnitRow[]> {
	if (!ids.length) return [];
	return db.select(unitColumns).from(units).where(inArray(units.id, ids));
}

/** Units of a level under a path (the path's own unit included when it is of that level), by code. */
export async function selectUnitsUnder(db: Db, path: string, level: string): Promise<UnitRow[]> {
	return db
		.select(unitColumns)
		.from(units)
		.where(and(eq(units.level, level), sql`${units.path} LIKE ${escapeLike(path) + '%'}`))
		.orderBy(asc(units.code));
}

/** Every unit of a level (the daily reminder job looks at all of them). */
export async function selectUnitsOfLevel(db: Db, level: string): Promise<UnitRow[]> {
	return db.select(unitColumns).from(units).where(eq(units.level, level)).orderBy(asc(units.code));
}

/** Rank of each level (a child's level has a greater rank). */
export async function selectLevelRanks(db: Db): Promise<Map<string, number>> {
	const rows = await db.select({ code: unitLevels.code, rank: unitLevels.rank }).from(unitLevels);
	return new Map(rows.map((r) => [r.code, r.rank]));
}

export async function selectForm(db: Db, code: string): Promise<FormRow | undefined> {
	const [row] = await db.select().from(reportForms).where(eq(reportForms.code, code)).limit(1);
	return row;
}

export async function selectActiveForms(db: Db): Promise<FormRow[]> {
	return db.select().from(reportForms).where(eq(reportForms.active, true)).orderBy(asc(reportForms.sort), asc(reportForms.code));
}

/** A report as completeness sees it: its status and the Việt Nam date it was submitted. */
export interface ReportStateRow {
	id: string;
	unitId: string;
	periodKey: string;
	status: string;
	dueOn: string;
	submittedOn: string | null;
}

/**
 * The reports of a form for some units and periods. Ids and keys go as one array each (ids come
 * from the units table, keys are checked period keys), so every village of a country is one
 * bound value, not one each.
 */
export async function selectReportStates(db: Db, formCode: string, unitIds: string[], periodKeys: string[]): Promise<ReportStateRow[]> {
	if (!unitIds.length || !periodKeys.length) return [];
	const rows = await rowsOf<{ id: string; unit_id: string; period_key: string; status: string; due_on: string | Date; submitted_on: string | Date | null }>(
		db,
		sql`SELECT r.id, r.unit_id, r.period_key, r.status, r.due_on::text AS due_on,
			((r.submitted_at AT TIME ZONE 'Asia/Ho_Chi_Minh')::date)::text AS submitted_on
		FROM reports r
		WHERE r.form_code = ${formCode}
			AND r.unit_id = ANY(${`{${unitIds.join(',')}}`}::uuid[])
			AND r.period_key = ANY(${`{${periodKeys.join(',')}}`}::text[])`
	);
	return rows.map((r) => ({
		id: r.id,
		unitId: r.unit_id,
		periodKey: r.period_key,
		status: r.status,
		dueOn: String(r.due_on).slice(0, 10),
		submittedOn: r.submitted_on === null ? null : String(r.submitted_on).slice(0, 10)
	}));
}
