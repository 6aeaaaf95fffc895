import { and, asc, desc, eq, inArray, sql, type SQL } from 'drizzle-orm';
import type { Db } from '../../db/client';
import type { Actor } from '../../access/actor';
import { scopeCondition } from '../../access/actor';
import { units } from '../units/units.tables';
import { activities } from '../activities/activities.tables';
import { fundingSources } from '../catalog/catalog.tables';
import { storedFiles } from '../../files/files.tables';
import { budgetAllocations, budgetYears, spendingLines, spendingReceipts } from './budget.tables';
import { rowsOf } from '../activities/activities.reach';

export type AllocationRow = typeof budgetAllocations.$inferSelect;
export type SpendingRow = typeof spendingLines.$inferSelect;

/** Levels that hold a budget: a village spends from its commune's money. */
export const budgetLevels = ['commune', 'province'] as const;

export interface BudgetUnit {
	id: string;
	code: string;
	name: string;
	path: string;
	level: string;
}

/** The budget holder of a unit: the unit itself when it is a commune or a province, else its nearest such ancestor. */
export async function selectBudgetUnitOf(db: Db, unitPath: string): Promise<BudgetUnit | undefined> {
	const ids = unitPath.split('/').filter(Boolean);
	const [row] = await db
		.select({ id: units.id, code: units.code, name: units.name, path: units.path, level: units.level })
		.from(units)
		.where(and(inArray(units.id, ids), inArray(units.level, [...budgetLevels])))
		.orderBy(desc(units.depth))
		.limit(1);
	return row;
}

/**
 * Activities whose money is the budget holder's: a province's own activities; a commune's and
 * its villages'.
 */
export function activitiesOfHolder(u: { id: string; path: string; level: string }): SQL {
	return u.level === 'province'
		? sql`a.unit_id = ${u.id}`
		: sql`a.unit_id IN (SELECT id FROM units WHERE path LIKE ${u.path.replace(/[\\%_]/g, (c) => '\\' + c) + '%'})`;
}

export interface SourceFigures {
	source: string;
	allocated: number;
	/** Approved spending. */
	approved: number;
	/** Spending recorded and not approved yet (waiting or sent back). */
	pending: number;
	/** Activity costs of the year's activities not covered by spending recorded on them yet. */
	committed: number;
}

/**
 * Allocation, spending and commitment of one holder and year, per funding source (every source
 * of the catalogue, zeros included). Commitment: for each activity of the holder dated in the
 * year and each source, its cost lines minus the spending recorded on it from that source, when
 * positive — money promised to an activity and not yet spent.
 */
export async function selectFigures(db: Db, holder: BudgetUnit, year: number, onlySource?: string): Promise<SourceFigures[]> {
	const from = `${year}-01-01`;
	const to = `${year}-12-31`;
	const sourceFilter = onlySource ? sql`WHERE fs.code = ${onlySource}` : sql``;
	const rows = await rowsOf<Record<string, unknown>>(db, sql`
		WITH alloc AS (
			SELECT source_code, SUM(amount)::bigint AS amount FROM budget_allocations
			WHERE unit_id = ${holder.id} AND year = ${year} GROUP BY source_code
		), spent AS (
			SELECT source_code,
				SUM(amount) FILTER (WHERE status = 'approved')::bigint AS approved,
				SUM(amount) FILTER (WHERE status <> 'approved')::bigint AS pending
			FROM spending_lines WHERE budget_unit_id = ${holder.id} AND year = ${year} GROUP BY source_code
		), costs AS (
			SELECT c.activity_id, c.source_code, SUM(c.amount)::bigint AS amount
			FROM activity_costs c JOIN activities a ON a.id = c.activity_id
			WHERE ${activitiesOfHolder(holder)} AND a.date BETWEEN ${from} AND ${to}
			GROUP BY c.activity_id, c.source_code
		), on_activity AS (
			SELECT activity_id, source_code, SUM(amount)::bigint AS amount FROM spending_lines
			WHERE activity_id IN (SELECT activity_id FROM costs) GROUP BY activity_id, source_code
		), committed AS (
			SELECT costs.source_code, SUM(GREATEST(costs.amount - COALESCE(o.amount, 0), 0))::bigint AS amount
			FROM costs LEFT JOIN on_activity o ON o.activity_id = costs.activity_id AND o.source_code = costs.source_code
			GROUP BY costs.source_code
		)
		SELECT fs.code AS source, COALESCE(alloc.amount, 0) AS allocated, COALESCE(spent.approved, 0) AS approved,
			COALESCE(spent.pending, 0) AS pending, COALESCE(committed.amount, 0) AS committed
		FROM funding_sources fs
		LEFT JOIN alloc ON alloc.source_code = fs.code
		LEFT JOIN spent ON spent.source_code = fs.code
		LEFT JOIN committed ON committed.source_code = fs.code
		${sourceFilter}
		ORDER BY fs.sort, fs.code`);
	return rows.map((r) => ({
		source: String(r.source),
		allocated: Number(r.allocated),
		approved: Number(r.approved),
		pending: Number(r.pending),
		committed: Number(r.committed)
	}));
}

export async function selectSources(db: Db) {
	return db.select().from(fundingSources).orderBy(asc(fundingSources.sort), asc(fundingSources.code));
}

export async function isYearClosed(db: Db, unitId: string, year: number): Promise<boolean> {
	const [row] = await db
		.select({ year: budgetYears.year })
		.from(budgetYears)
		.where(and(eq(budgetYears.unitId, unitId), eq(budgetYears.year, year)));
	return !!row;
}

export interface AllocationFilter {
	unitPath?: string;
	year?: number;
	source?: string;
}

/** Allocations in the actor's reach for budget.read, newest decision first. */
export async function selectAllocations(db: Db, actor: Actor, f: AllocationFilter, limit: number, offset: number) {
	const where = and(
		scopeCondition(actor, 'budget.read', units.path),
		f.unitPath ? sql`${units.path} LIKE ${f.unitPath.replace(/[\\%_]/g, (c) => '\\' + c) + '%'}` : undefined,
		f.year ? eq(budgetAllocations.year, f.year) : undefined,
		f.source ? eq(budgetAllocations.sourceCode, f.source) : undefined
	);
	const rows = await db
		.select({ allocation: budgetAllocations, unitCode: units.code, unitName: units.name, unitPath: units.path })
		.from(budgetAllocations)
		.innerJoin(units, eq(units.id, budgetAllocations.unitId))
		.where(where)
		.orderBy(desc(budgetAllocations.year), asc(units.path), asc(budgetAllocations.sourceCode), desc(budgetAllocations.decisionDate))
		.limit(limit)
		.offset(offset);
	const [{ n }] = await db
		.select({ n: sql<number>`count(*)::int` })
		.from(budgetAllocations)
		.innerJoin(units, eq(units.id, budgetAllocations.unitId))
		.where(where);
	return { items: rows, total: n };
}
export type AllocationListRow = Awaited<ReturnType<typeof selectAllocations>>['items'][number];

export interface SpendingFilter {
	unitPath?: string;
	year?: number;
	source?: string;
	status?: string;
	activityId?: string;
}

const spendingColumns = {
	line: spendingLines,
	unitCode: units.code,
	unitName: units.name,
	unitPath: units.path,
	activityTitle: activities.title,
	activityDate: activities.date,
	activityUnitId: activities.unitId,
	receipts: sql<number>`(SELECT count(*)::int FROM spending_receipts r WHERE r.line_id = ${spendingLines.id})`
};

/** Spending lines in the actor's reach (by the holder's unit), newest first. */
export async function selectSpending(db: Db, actor: Actor, f: SpendingFilter, limit: number, offset: number) {
	const where = and(
		scopeCondition(actor, 'budget.read', units.path),
		f.unitPath ? sql`${units.path} LIKE ${f.unitPath.replace(/[\\%_]/g, (c) => '\\' + c) + '%'}` : undefined,
		f.year ? eq(spendingLines.year, f.year) : undefined,
		f.source ? eq(spendingLines.sourceCode, f.source) : undefined,
		f.status ? eq(spendingLines.status, f.status) : undefined,
		f.activityId ? eq(spendingLines.activityId, f.activityId) : undefined
	);
	const rows = await db
		.select(spendingColumns)
		.from(spendingLines)
		.innerJoin(units, eq(units.id, spendingLines.budgetUnitId))
		.innerJoin(activities, eq(activities.id, spendingLines.activityId))
		.where(where)
		.orderBy(desc(spendingLines.spentOn), desc(spendingLines.createdAt))
		.limit(limit)
		.offset(offset);
	const [{ n }] = await db
		.select({ n: sql<number>`count(*)::int` })
		.from(spendingLines)
		.innerJoin(units, eq(units.id, spendingLines.budgetUnitId))
		.where(where);
	return { items: rows, total: n };
}
export type SpendingListRow = Awaited<ReturnType<typeof selectSpending>>['items'][number];

export async function selectSpendingById(db: Db, id: string, opts: { forUpdate?: boolean } = {}): Promise<SpendingListRow | undefined> {
	const q = db
		.select(spendingColumns)
		.from(spendingLines)
		.innerJoin(units, eq(units.id, spendingLines.budgetUnitId))
		.innerJoin(activities, eq(activities.id, spendingLines.activityId))
		.where(eq(spendingLines.id, id));
	const [row] = opts.forUpdate ? await q.for('update', { of: spendingLines }) : await q;
	return row;
}

export async function selectReceipts(db: Db, lineId: string) {
	return db
		.select({ id: spendingReceipts.id, fileId: storedFiles.id, name: storedFiles.originalName, mime: storedFiles.mime, size: storedFiles.size })
		.from(spendingReceipts)
		.innerJoin(storedFiles, eq(storedFiles.id, spendingReceipts.fileId))
		.where(eq(spendingReceipts.lineId, lineId))
		.orderBy(asc(spendingReceipts.createdAt));
}

/** The receipt's line and file, for a download checked against the line's holder. */
export async function selectReceiptFile(db: Db, lineId: string, fileId: string) {
	const [row] = await db
		.select({ fileId: spendingReceipts.fileId, unitPath: units.path })
		.from(spendingReceipts)
		.innerJoin(spendingLines, eq(spendingLines.id, spendingReceipts.lineId))
		.innerJoin(units, eq(units.id, spendingLines.budgetUnitId))
		.where(and(eq(spendingReceipts.lineId, lineId), eq(spendingReceipts.fileId, fileId)));
	return row;
}
