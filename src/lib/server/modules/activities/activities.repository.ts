import { and, asc, desc, eq, gte, ilike, inArray, lte, sql, type SQL } from 'drizzle-orm';
import { alias } from 'drizzle-orm/pg-core';
import type { Db } from '../../db/client';
import type { Actor } from '../../access/actor';
import { escapeLike, scopeCondition } from '../../access/actor';
import { units } from '../units/units.tables';
import { users } from '../users/users.tables';
import { plans } from '../plans/plans.tables';
import { households } from '../households/households.tables';
import { storedFiles } from '../../files/files.tables';
import { activities, activityCosts, activityCounts, activityEvidence, activityHouseholds } from './activities.tables';

export type ActivityRow = typeof activities.$inferSelect;
export type ActivityInsert = typeof activities.$inferInsert;
export type EvidenceRow = typeof activityEvidence.$inferSelect;

export interface ActivityWithUnit {
	activity: ActivityRow;
	unitCode: string;
	unitName: string;
	unitPath: string;
}

/** One activity with its unit; locked FOR UPDATE when asked (writes of the same id wait). */
export async function selectActivityById(db: Db, id: string, opts: { forUpdate?: boolean } = {}): Promise<ActivityWithUnit | undefined> {
	const q = db
		.select({ activity: activities, unitCode: units.code, unitName: units.name, unitPath: units.path })
		.from(activities)
		.innerJoin(units, eq(units.id, activities.unitId))
		.where(eq(activities.id, id));
	const [row] = opts.forUpdate ? await q.for('update', { of: activities }) : await q;
	return row;
}

/** Everything around an activity that its view shows. */
export async function selectActivityParts(db: Db, a: ActivityRow) {
	const verifier = alias(users, 'verifier');
	const creator = alias(users, 'creator');
	const [counts, reached, costs, evidence, covered, [people], [plan]] = await Promise.all([
		db.select().from(activityCounts).where(eq(activityCounts.activityId, a.id)).orderBy(asc(activityCounts.groupCode)),
		db
			.select({
				id: households.id,
				headName: households.headName,
				unitId: households.unitId,
				villageCode: units.code,
				villageName: units.name,
				villagePath: units.path,
				how: activityHouseholds.how
			})
			.from(activityHouseholds)
			.innerJoin(households, eq(households.id, activityHouseholds.householdId))
			.innerJoin(units, eq(units.id, households.unitId))
			.where(eq(activityHouseholds.activityId, a.id))
			.orderBy(asc(units.code), asc(households.headNameNorm), asc(households.id)),
		db.select().from(activityCosts).where(eq(activityCosts.activityId, a.id)).orderBy(asc(activityCosts.sourceCode)),
		db
			.select({ evidence: activityEvidence, file: storedFiles })
			.from(activityEvidence)
			.leftJoin(storedFiles, eq(storedFiles.id, activityEvidence.fileId))
			.where(eq(activityEvidence.activityId, a.id))
			.orderBy(asc(activityEvidence.createdAt), asc(activityEvidence.id)),
		a.coveredUnitIds.length
			? db.select({ id: units.id, code: units.code, name: units.name }).from(units).where(inArray(units.id, a.coveredUnitIds)).orderBy(asc(units.code))
			: Promise.resolve([]),
		db
			.select({ verifier: verifier.displayName, creator: creator.displayName })
			.from(activities)
			.leftJoin(verifier, eq(verifier.id, activities.verifiedBy))
			.leftJoin(creator, eq(creator.id, activities.createdBy))
			.where(eq(activities.id, a.id)),
		a.planId
			? db.select({ id: plans.id, title: plans.title, periodFrom: plans.periodFrom, periodTo: plans.periodTo }).from(plans).where(eq(plans.id, a.planId))
			: Promise.resolve([])
	]);
	return { counts, reached, costs, evidence, covered, verifierName: people?.verifier ?? null, creatorName: people?.creator ?? null, plan: plan ?? null };
}
export type ActivityParts = Awaited<ReturnType<typeof selectActivityParts>>;

export interface ActivitySelection {
	unitPath?: string;
	channel?: string;
	theme?: string;
	from?: string;
	to?: string;
	status?: string;
	planId?: string;
	q?: string;
}

function conditions(actor: Actor, f: ActivitySelection): SQL[] {
	const where: SQL[] = [scopeCondition(actor, 'activities.read', units.path)];
	if (f.unitPath) where.push(sql`${units.path} LIKE ${escapeLike(f.unitPath) + '%'}`);
	if (f.channel) where.push(eq(activities.channelCode, f.channel));
	if (f.theme) where.push(sql`${f.theme} = ANY(${activities.themes})`);
	if (f.from) where.push(gte(activities.date, f.from));
	if (f.to) where.push(lte(activities.date, f.to));
	if (f.status) where.push(eq(activities.status, f.status));
	if (f.planId) where.push(eq(activities.planId, f.planId));
	if (f.q) {
		const like = `%${escapeLike(f.q)}%`;
		where.push(sql`(${ilike(activities.title, like)} OR ${ilike(activities.place, like)})`);
	}
	return where;
}

/**
 * Activities the actor may read, filtered, a page at a time (one row more than asked tells
 * whether more follow). Newest first, or in calendar order with `order: 'asc'`.
 */
export async function selectActivities(db: Db, actor: Actor, f: ActivitySelection, limit: number, offset: number, order: 'asc' | 'desc' = 'desc') {
	const dir = order === 'asc' ? asc : desc;
	const rows = await db
		.select({
			activity: {
				id: activities.id,
				channelCode: activities.channelCode,
				planId: activities.planId,
				themes: activities.themes,
				title: activities.title,
				place: activities.place,
				date: activities.date,
				startTime: activities.startTime,
				status: activities.status,
				cost: activities.cost,
				version: activities.version
			},
			unitCode: units.code,
			unitName: units.name,
			participants: sql<number>`(SELECT coalesce(sum(${activityCounts.count}), 0)::int FROM ${activityCounts} WHERE ${activityCounts.activityId} = ${activities.id})`,
			households: sql<number>`(SELECT count(*)::int FROM ${activityHouseholds} WHERE ${activityHouseholds.activityId} = ${activities.id})`,
			evidence: sql<number>`(SELECT count(*)::int FROM ${activityEvidence} WHERE ${activityEvidence.activityId} = ${activities.id})`
		})
		.from(activities)
		.innerJoin(units, eq(units.id, activities.unitId))
		.where(and(...conditions(actor, f)))
		.orderBy(dir(activities.date), dir(sql`coalesce(${activities.startTime}, '')`), dir(activities.id))
		.limit(limit + 1)
		.offset(offset);
	return { items: rows.slice(0, limit), hasMore: rows.length > limit };
}
export type ActivityListRow = Awaited<ReturnType<typeof selectActivities>>['items'][number];

export async function insertActivity(db: Db, values: ActivityInsert): Promise<void> {
	await db.insert(activities).values(values);
}

export async function updateActivityRow(db: Db, id: string, patch: Partial<ActivityInsert>): Promise<void> {
	await db.update(activities).set(patch).where(eq(activities.id, id));
}

/** Replaces an activity's counts, reached households and cost lines with the given ones. */
export async function replaceActivityChildren(
	db: Db,
	id: string,
	children: { counts: Record<string, number>; households: string[]; how: string; costs: { source: string; amount: number; note: string | null }[] }
): Promise<void> {
	await db.delete(activityCounts).where(eq(activityCounts.activityId, id));
	await db.delete(activityCosts).where(eq(activityCosts.activityId, id));
	const counts = Object.entries(children.counts).map(([groupCode, count]) => ({ activityId: id, groupCode, count }));
	if (counts.length) await db.insert(activityCounts).values(counts);
	if (children.costs.length)
		await db.insert(activityCosts).values(children.costs.map((c) => ({ activityId: id, sourceCode: c.source, amount: c.amount, note: c.note })));
	// Households keep how they were first recorded (picked, ticked on an attendance list, offline).
	const keep = children.households;
	await db
		.delete(activityHouseholds)
		.where(
			and(
				eq(activityHouseholds.activityId, id),
				keep.length ? sql`NOT (${activityHouseholds.householdId} = ANY(${sql`${`{${keep.join(',')}}`}::uuid[]`}))` : sql`true`
			)
		);
	if (keep.length)
		await db
			.insert(activityHouseholds)
			.values(keep.map((householdId) => ({ activityId: id, householdId, how: children.how })))
			.onConflictDoNothing();
}

/** Households by id with where they live (for checking that they are in an activity's unit). */
export async function selectHouseholdPlaces(db: Db, ids: string[]) {
	if (!ids.length) return [];
	return db
		.select({ id: households.id, unitId: households.unitId, villagePath: units.path, mergedIntoId: households.mergedIntoId })
		.from(households)
		.innerJoin(units, eq(units.id, households.unitId))
		.where(inArray(households.id, ids));
}

export async function selectEvidence(db: Db, activityId: string, evidenceId: string) {
	const [row] = await db
		.select({ evidence: activityEvidence, file: storedFiles })
		.from(activityEvidence)
		.leftJoin(storedFiles, eq(storedFiles.id, activityEvidence.fileId))
		.where(and(eq(activityEvidence.id, evidenceId), eq(activityEvidence.activityId, activityId)));
	return row;
}

export async function selectEvidenceById(db: Db, evidenceId: string) {
	const [row] = await db.select().from(activityEvidence).where(eq(activityEvidence.id, evidenceId));
	return row;
}
