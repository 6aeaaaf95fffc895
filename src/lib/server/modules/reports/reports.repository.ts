import { and, asc, desc, eq, isNull, sql, type SQL } from 'drizzle-orm';
import { alias } from 'drizzle-orm/pg-core';
import type { Db } from '../../db/client';
import type { Actor } from '../../access/actor';
import { scopeCondition } from '../../access/actor';
import { units } from '../units/units.tables';
import { users } from '../users/users.tables';
import { indicators } from '../catalog/catalog.tables';
import { periodLocks, reportEvents, reportForms, reports } from './reports.tables';

export type ReportRow = typeof reports.$inferSelect;
export type ReportFormRow = typeof reportForms.$inferSelect;
export type IndicatorRow = typeof indicators.$inferSelect;

export interface ReportUnitRow {
	id: string;
	code: string;
	name: string;
	level: string;
	path: string;
	parentId: string | null;
	parentPath: string | null;
	parentName: string | null;
}

export interface ReportWithUnit {
	report: ReportRow;
	unit: ReportUnitRow;
	form: ReportFormRow;
}

const parent = alias(units, 'parent_unit');

const unitColumns = {
	id: units.id,
	code: units.code,
	name: units.name,
	level: units.level,
	path: units.path,
	parentId: units.parentId,
	parentPath: parent.path,
	parentName: parent.name
};

export async function selectForms(db: Db, opts: { activeOnly?: boolean } = {}): Promise<ReportFormRow[]> {
	return db
		.select()
		.from(reportForms)
		.where(opts.activeOnly ? eq(reportForms.active, true) : undefined)
		.orderBy(asc(reportForms.sort), asc(reportForms.code));
}

export async function selectForm(db: Db, code: string): Promise<ReportFormRow | undefined> {
	const [row] = await db.select().from(reportForms).where(eq(reportForms.code, code));
	return row;
}

export async function updateForm(db: Db, code: string, patch: Partial<typeof reportForms.$inferInsert>): Promise<void> {
	await db.update(reportForms).set(patch).where(eq(reportForms.code, code));
}

export async function selectIndicators(db: Db): Promise<IndicatorRow[]> {
	return db.select().from(indicators).orderBy(asc(indicators.sort), asc(indicators.code));
}

export async function selectUnitForReport(db: Db, where: SQL): Promise<ReportUnitRow | undefined> {
	const [row] = await db.select(unitColumns).from(units).leftJoin(parent, eq(parent.id, units.parentId)).where(where);
	return row;
}

/** A report with its unit and form; `forUpdate` takes the report's row lock (workflow steps). */
export async function selectReportById(db: Db, id: string, opts: { forUpdate?: boolean } = {}): Promise<ReportWithUnit | undefined> {
	const q = db
		.select({ report: reports, unit: unitColumns, form: reportForms })
		.from(reports)
		.innerJoin(units, eq(units.id, reports.unitId))
		.leftJoin(parent, eq(parent.id, units.parentId))
		.innerJoin(reportForms, eq(reportForms.code, reports.formCode))
		.where(eq(reports.id, id));
	const [row] = opts.forUpdate ? await q.for('update', { of: reports }) : await q;
	return row;
}

/** Inserts the draft unless the (form, unit, period) report exists; returns the id either way. */
export async function insertReportIfMissing(db: Db, values: typeof reports.$inferInsert): Promise<{ id: string; created: boolean }> {
	const [inserted] = await db.insert(reports).values(values).onConflictDoNothing().returning({ id: reports.id });
	if (inserted) return { id: inserted.id, created: true };
	const [row] = await db
		.select({ id: reports.id })
		.from(reports)
		.where(and(eq(reports.formCode, values.formCode), eq(reports.unitId, values.unitId), eq(reports.periodKey, values.periodKey)));
	return { id: row.id, created: false };
}

export async function updateReportRow(db: Db, id: string, patch: Partial<typeof reports.$inferInsert>): Promise<void> {
	await db.update(reports).set(patch).where(eq(reports.id, id));
}

export interface ReportListFilter {
	formCode?: string;
	periodKey?: string;
	status?: string;
	unitPath?: string;
}

/** Reports under the actor's `reports.read` reach, newest period first. */
export async function selectReports(db: Db, actor: Actor, f: ReportListFilter, limit: number, offset: number) {
	const where = and(
		scopeCondition(actor, 'reports.read', units.path),
		f.formCode ? eq(reports.formCode, f.formCode) : undefined,
		f.periodKey ? eq(reports.periodKey, f.periodKey) : undefined,
		f.status ? eq(reports.status, f.status) : undefined,
		f.unitPath ? sql`${units.path} LIKE ${f.unitPath.replace(/[\\%_]/g, (c) => '\\' + c) + '%'}` : undefined
	);
	const rows = await db
		.select({ report: reports, unit: unitColumns, form: reportForms })
		.from(reports)
		.innerJoin(units, eq(units.id, reports.unitId))
		.leftJoin(parent, eq(parent.id, units.parentId))
		.innerJoin(reportForms, eq(reportForms.code, reports.formCode))
		.where(where)
		.orderBy(desc(reports.dueOn), asc(units.depth), asc(units.code), asc(reports.formCode))
		.limit(limit + 1)
		.offset(offset);
	return { items: rows.slice(0, limit), hasMore: rows.length > limit };
}

/**
 * Appends an event. Its time is never before the report's last event (a clock given by demo data or
 * tests may repeat itself), so the history reads in the order things happened.
 */
export async function insertReportEvent(db: Db, values: typeof reportEvents.$inferInsert & { at: Date }): Promise<void> {
	const at = values.at.toISOString();
	await db.insert(reportEvents).values({
		...values,
		at: sql`GREATEST(${at}::timestamptz, (SELECT max(e.at) + interval '1 millisecond' FROM report_events e WHERE e.report_id = ${values.reportId}::uuid))` as unknown as Date
	});
}

export async function selectReportEvents(db: Db, reportId: string) {
	return db
		.select({ action: reportEvents.action, comment: reportEvents.comment, at: reportEvents.at, actorName: users.displayName })
		.from(reportEvents)
		.leftJoin(users, eq(users.id, reportEvents.actorId))
		.where(eq(reportEvents.reportId, reportId))
		.orderBy(asc(reportEvents.at), asc(reportEvents.id));
}

export type PeriodLockRow = typeof periodLocks.$inferSelect;

/** The report's live lock, if it has one. */
export async function selectLiveLock(db: Db, reportId: string): Promise<PeriodLockRow | undefined> {
	const [row] = await db
		.select()
		.from(periodLocks)
		.where(and(eq(periodLocks.reportId, reportId), isNull(periodLocks.unlockedAt)))
		.orderBy(desc(periodLocks.lockedAt))
		.limit(1);
	return row;
}

export async function insertLock(db: Db, values: typeof periodLocks.$inferInsert): Promise<void> {
	await db.insert(periodLocks).values(values);
}

/** Ends every live lock of a report; returns how many there were. */
export async function endLocks(db: Db, reportId: string, by: string | null, reason: string, at: Date): Promise<number> {
	const rows = await db
		.update(periodLocks)
		.set({ unlockedAt: at, unlockedBy: by, unlockReason: reason })
		.where(and(eq(periodLocks.reportId, reportId), isNull(periodLocks.unlockedAt)))
		.returning({ id: periodLocks.id });
	return rows.length;
}

/** The child units of a unit that existed during [from, to], in code order. */
export async function selectChildUnits(db: Db, unitId: string, from: string, to: string) {
	return db
		.select({ id: units.id, code: units.code, name: units.name, level: units.level })
		.from(units)
		.where(
			and(
				eq(units.parentId, unitId),
				sql`(${units.validFrom} IS NULL OR ${units.validFrom} <= ${to}::date)`,
				sql`(${units.validTo} IS NULL OR ${units.validTo} >= ${from}::date)`
			)
		)
		.orderBy(asc(units.code));
}

/** Reports of some units on some forms for some period keys (the children's reports). */
export async function selectReportsOf(db: Db, unitIds: string[], formCodes: string[], periodKeys: string[]) {
	if (!unitIds.length || !formCodes.length || !periodKeys.length) return [];
	return db
		.select({ id: reports.id, unitId: reports.unitId, formCode: reports.formCode, periodKey: reports.periodKey, status: reports.status })
		.from(reports)
		.where(
			and(
				sql`${reports.unitId} = ANY(${`{${unitIds.join(',')}}`}::uuid[])`,
				sql`${reports.formCode} = ANY(${`{${formCodes.join(',')}}`}::text[])`,
				sql`${reports.periodKey} = ANY(${`{${periodKeys.join(',')}}`}::text[])`
			)
		);
}
