import { and, asc, desc, eq, ilike, inArray, ne, or, sql, type SQL } from 'drizzle-orm';
import type { PgUpdateSetSource } from 'drizzle-orm/pg-core';
import type { Db } from '../../db/client';
import type { Actor } from '../../access/actor';
import { escapeLike, scopeCondition } from '../../access/actor';
import { units } from '../units/units.tables';
import { documentRegisters, planTargets, planTasks, plans } from './plans.tables';
import type { PlanTarget } from './plans.interchange';
import { publicStatuses } from './plans.policy';

export type PlanRow = typeof plans.$inferSelect;
export type PlanInsert = typeof plans.$inferInsert;
export type PlanTaskRow = typeof planTasks.$inferSelect;

/** A plan with the unit it belongs to, as every use case needs it. */
export interface PlanWithUnit {
	plan: PlanRow;
	unitCode: string;
	unitName: string;
	unitPath: string;
	unitLevel: string;
}

const withUnit = { plan: plans, unitCode: units.code, unitName: units.name, unitPath: units.path, unitLevel: units.level };

/** A plan by id; `forUpdate` locks its row until the transaction ends (workflow steps). */
export async function selectPlanById(db: Db, id: string, opts: { forUpdate?: boolean } = {}): Promise<PlanWithUnit | undefined> {
	const query = db.select(withUnit).from(plans).innerJoin(units, eq(units.id, plans.unitId)).where(eq(plans.id, id)).limit(1);
	const [row] = opts.forUpdate ? await query.for('update', { of: plans }) : await query;
	return row;
}

/**
 * Plans the actor may read: issued and superseded ones are public documents, read by any
 * signed-in actor; the others only within the reach of `plans.read`.
 */
function readable(actor: Actor): SQL {
	return or(inArray(plans.status, [...publicStatuses]), scopeCondition(actor, 'plans.read', units.path))!;
}

export interface PlanFilter {
	/** Only plans of this unit's subtree. */
	unitPath?: string;
	status?: string;
	year?: number;
	q?: string;
	cascadedFrom?: string;
	/** Only plans within the actor's reach, public or not (a province's view of its communes). */
	scopeOnly?: boolean;
	limit: number;
	offset: number;
}

export async function selectPlans(db: Db, actor: Actor, f: PlanFilter) {
	const conditions: SQL[] = [f.scopeOnly ? scopeCondition(actor, 'plans.read', units.path) : readable(actor)];
	if (f.unitPath) conditions.push(sql`${units.path} LIKE ${escapeLike(f.unitPath) + '%'}`);
	if (f.status) conditions.push(eq(plans.status, f.status));
	if (f.year !== undefined) conditions.push(sql`${plans.periodFrom} <= ${f.year} AND ${plans.periodTo} >= ${f.year}`);
	if (f.q) {
		const like = '%' + escapeLike(f.q) + '%';
		conditions.push(or(ilike(plans.title, like), ilike(sql`${plans.number}::text || '/' || ${plans.symbol}`, like))!);
	}
	if (f.cascadedFrom) conditions.push(sql`${plans.basisPlanIds} @> ARRAY[${f.cascadedFrom}]::uuid[]`);
	const rows = await db
		.select(withUnit)
		.from(plans)
		.innerJoin(units, eq(units.id, plans.unitId))
		.where(and(...conditions))
		.orderBy(desc(plans.updatedAt), asc(plans.id))
		.limit(f.limit + 1)
		.offset(f.offset);
	return { items: rows.slice(0, f.limit), hasMore: rows.length > f.limit };
}

/** Every version of a series the actor may read, oldest first. */
export async function selectSeriesVersions(db: Db, actor: Actor, seriesId: string) {
	return db
		.select({ id: plans.id, version: plans.version, status: plans.status, number: plans.number, symbol: plans.symbol, issuedOn: plans.issuedOn })
		.from(plans)
		.innerJoin(units, eq(units.id, plans.unitId))
		.where(and(eq(plans.seriesId, seriesId), readable(actor)))
		.orderBy(asc(plans.version));
}

/** The version of a series being worked on (draft, submitted or approved), if any. */
export async function selectOpenVersion(db: Db, seriesId: string) {
	const [row] = await db
		.select({ id: plans.id, version: plans.version })
		.from(plans)
		.where(and(eq(plans.seriesId, seriesId), inArray(plans.status, ['draft', 'submitted', 'approved'])))
		.limit(1);
	return row;
}

export async function selectMaxVersion(db: Db, seriesId: string): Promise<number> {
	const [row] = await db.select({ v: sql<number>`max(${plans.version})::int` }).from(plans).where(eq(plans.seriesId, seriesId));
	return row?.v ?? 0;
}

/** Which of `ids` are plans (for bases that point to a plan). */
export async function selectExistingPlanIds(db: Db, ids: string[]): Promise<Set<string>> {
	if (!ids.length) return new Set();
	const rows = await db.select({ id: plans.id }).from(plans).where(inArray(plans.id, ids));
	return new Set(rows.map((r) => r.id));
}

export async function insertPlan(db: Db, values: PlanInsert): Promise<void> {
	await db.insert(plans).values(values);
}

/** Sets columns of one plan; a value may be SQL computed from the row (`document || …`). */
export async function updatePlanRow(db: Db, id: string, patch: PgUpdateSetSource<typeof plans>): Promise<void> {
	await db
		.update(plans)
		.set({ ...patch, updatedAt: new Date() })
		.where(eq(plans.id, id));
}

/** Replaces the targets of a plan with those of its document. */
export async function replacePlanTargets(db: Db, planId: string, targets: PlanTarget[]): Promise<void> {
	await db.delete(planTargets).where(eq(planTargets.planId, planId));
	if (targets.length)
		await db.insert(planTargets).values(targets.map((t) => ({ planId, indicatorCode: t.indicator, period: t.period, value: t.value, note: t.note })));
}

export interface TaskInsert {
	assignee: string;
	assigneeRole: string | null;
	text: string;
	due: string | null;
}

/** Replaces the tasks of a plan with those of its document (all open again). */
export async function replacePlanTasks(db: Db, planId: string, unitId: string, tasks: TaskInsert[]): Promise<void> {
	await db.delete(planTasks).where(eq(planTasks.planId, planId));
	if (tasks.length) await db.insert(planTasks).values(tasks.map((t, sort) => ({ ...t, planId, unitId, sort })));
}

/**
 * The next number of a unit's register for a year and symbol. The upsert takes the register row's
 * lock until the transaction ends: a concurrent issue waits for it and reads the committed number,
 * so numbers have no duplicate; a transaction that fails gives its number back, so no gap.
 */
export async function allocateRegisterNumber(db: Db, unitId: string, year: number, symbol: string): Promise<number> {
	const result = await db
		.insert(documentRegisters)
		.values({ unitId, year, symbol, lastNumber: 1 })
		.onConflictDoUpdate({
			target: [documentRegisters.unitId, documentRegisters.year, documentRegisters.symbol],
			set: { lastNumber: sql`${documentRegisters.lastNumber} + 1` }
		})
		.returning({ lastNumber: documentRegisters.lastNumber });
	return result[0].lastNumber;
}

// Tasks --------------------------------------------------------------------------------------

/** A task with what its lists show of the plan and unit. */
export interface TaskWithPlan {
	task: PlanTaskRow;
	planTitle: string;
	planStatus: string;
	planNumber: number | null;
	planSymbol: string;
	unitCode: string;
	unitName: string;
	unitPath: string;
}

const taskWithPlan = {
	task: planTasks,
	planTitle: plans.title,
	planStatus: plans.status,
	planNumber: plans.number,
	planSymbol: plans.symbol,
	unitCode: units.code,
	unitName: units.name,
	unitPath: units.path
};

function tasksQuery(db: Db) {
	return db.select(taskWithPlan).from(planTasks).innerJoin(plans, eq(plans.id, planTasks.planId)).innerJoin(units, eq(units.id, planTasks.unitId));
}

export async function selectTasksOfPlan(db: Db, planId: string): Promise<TaskWithPlan[]> {
	return tasksQuery(db).where(eq(planTasks.planId, planId)).orderBy(asc(planTasks.sort));
}

export async function selectTaskById(db: Db, id: string, opts: { forUpdate?: boolean } = {}): Promise<TaskWithPlan | undefined> {
	const query = tasksQuery(db).where(eq(planTasks.id, id)).limit(1);
	const [row] = opts.forUpdate ? await query.for('update', { of: planTasks }) : await query;
	return row;
}

/**
 * Tasks assigned to a role the actor holds on a unit related to the task's unit: the unit itself
 * or one above it (the grant reaches the plan), or one below it (a village head's grant on a
 * village of the commune whose plan names "Ban nhân dân các thôn"). Mirrors `holdsAssigneeRole`.
 */
export function assignedToActor(actor: Actor): SQL {
	const conditions = actor.grants
		.filter((g) => g.unitPath !== null)
		.map((g) =>
			and(
				eq(planTasks.assigneeRole, g.role),
				or(sql`${units.path} LIKE ${escapeLike(g.unitPath!) + '%'}`, sql`starts_with(${g.unitPath}, ${units.path})`)
			)!
		);
	return conditions.length ? or(...conditions)! : sql`false`;
}

export interface TaskFilter {
	status: 'open' | 'done' | 'all';
	mine?: boolean;
	limit: number;
	offset: number;
}

/**
 * Tasks of plans in force: those assigned to the actor's roles and, for those who edit plans,
 * every task within their reach.
 */
export async function selectTasks(db: Db, actor: Actor, f: TaskFilter) {
	const visible = f.mine ? assignedToActor(actor) : or(assignedToActor(actor), scopeCondition(actor, 'plans.edit', units.path))!;
	const conditions: SQL[] = [eq(plans.status, 'issued'), visible];
	if (f.status === 'open') conditions.push(ne(planTasks.status, 'done'));
	if (f.status === 'done') conditions.push(eq(planTasks.status, 'done'));
	const rows = await tasksQuery(db)
		.where(and(...conditions))
		.orderBy(sql`${planTasks.due} ASC NULLS LAST`, asc(units.code), asc(planTasks.sort), asc(planTasks.id))
		.limit(f.limit + 1)
		.offset(f.offset);
	return { items: rows.slice(0, f.limit), hasMore: rows.length > f.limit };
}

export async function updateTaskRow(db: Db, id: string, patch: Partial<typeof planTasks.$inferInsert>): Promise<void> {
	await db.update(planTasks).set(patch).where(eq(planTasks.id, id));
}

/** Carries task statuses from one version to the next, matching tasks by assignee and text. */
export async function carryTaskStatuses(db: Db, fromPlanId: string, toPlanId: string): Promise<void> {
	await db.execute(sql`
		UPDATE plan_tasks AS t SET status = o.status, done_at = o.done_at, done_by = o.done_by
		FROM plan_tasks AS o
		WHERE t.plan_id = ${toPlanId} AND o.plan_id = ${fromPlanId} AND o.assignee = t.assignee AND o.text = t.text`);
}
