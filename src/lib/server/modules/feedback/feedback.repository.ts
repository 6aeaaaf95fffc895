import { and, asc, desc, eq, inArray, lt, sql, type SQL } from 'drizzle-orm';
import { alias } from 'drizzle-orm/pg-core';
import type { Db } from '../../db/client';
import type { Actor } from '../../access/actor';
import { escapeLike, scopeCondition } from '../../access/actor';
import { units } from '../units/units.tables';
import { users } from '../users/users.tables';
import { feedbackCategories, feedbackEvents, feedbackItems } from './feedback.tables';
import type { FeedbackListQuery } from './feedback.schemas';

export type FeedbackRow = typeof feedbackItems.$inferSelect;
export type CategoryRow = typeof feedbackCategories.$inferSelect;

const handling = alias(units, 'handling_unit');

/** An item with the names it is shown with. */
export const itemColumns = {
	item: feedbackItems,
	unitCode: units.code,
	unitName: units.name,
	unitPath: units.path,
	handlingUnitCode: handling.code,
	handlingUnitName: handling.name,
	handlingUnitPath: handling.path,
	handlingParentId: handling.parentId,
	categoryVi: feedbackCategories.nameVi,
	categoryEn: feedbackCategories.nameEn,
	assigneeName: users.displayName,
	assigneeUsername: users.username
};
export type ItemWithNames = {
	item: FeedbackRow;
	unitCode: string;
	unitName: string;
	unitPath: string;
	handlingUnitCode: string;
	handlingUnitName: string;
	handlingUnitPath: string;
	handlingParentId: string | null;
	categoryVi: string;
	categoryEn: string;
	assigneeName: string | null;
	assigneeUsername: string | null;
};

function withNames(db: Db) {
	return db
		.select(itemColumns)
		.from(feedbackItems)
		.innerJoin(units, eq(units.id, feedbackItems.unitId))
		.innerJoin(handling, eq(handling.id, feedbackItems.handlingUnitId))
		.innerJoin(feedbackCategories, eq(feedbackCategories.code, feedbackItems.categoryCode))
		.leftJoin(users, eq(users.id, feedbackItems.assigneeId));
}

export async function selectItemById(db: Db, id: string, forUpdate = false): Promise<ItemWithNames | undefined> {
	const q = withNames(db).where(eq(feedbackItems.id, id)).limit(1);
	const [row] = forUpdate ? await q.for('update', { of: feedbackItems }) : await q;
	return row;
}

export async function selectItemByCode(db: Db, code: string): Promise<ItemWithNames | undefined> {
	const [row] = await withNames(db).where(eq(feedbackItems.trackingCode, code)).limit(1);
	return row;
}

/** Items of the actor's units (by the unit concerned), newest first; `today` decides what is overdue. */
export async function selectItems(db: Db, actor: Actor, f: FeedbackListQuery & { unitPath?: string }, today: string) {
	const conditions: SQL[] = [scopeCondition(actor, 'feedback.read', units.path)];
	if (f.unitPath) conditions.push(sql`${units.path} LIKE ${escapeLike(f.unitPath) + '%'}`);
	if (f.status) conditions.push(eq(feedbackItems.status, f.status));
	if (f.category) conditions.push(eq(feedbackItems.categoryCode, f.category));
	if (f.overdue) conditions.push(inArray(feedbackItems.status, ['received', 'assigned']), lt(feedbackItems.dueDate, today));
	const rows = await withNames(db)
		.where(and(...conditions))
		.orderBy(desc(feedbackItems.receivedAt), asc(feedbackItems.id))
		.limit(f.limit + 1)
		.offset(f.offset);
	return { rows: rows.slice(0, f.limit), hasMore: rows.length > f.limit };
}

export async function selectEvents(db: Db, itemId: string) {
	return db
		.select({ event: feedbackEvents, unitName: units.name })
		.from(feedbackEvents)
		.leftJoin(units, eq(units.id, feedbackEvents.unitId))
		.where(eq(feedbackEvents.itemId, itemId))
		.orderBy(asc(feedbackEvents.at), asc(feedbackEvents.id));
}

export async function insertEvent(db: Db, actor: Actor | null, itemId: string, kind: string, text: string | null = null, unitId: string | null = null) {
	await db.insert(feedbackEvents).values({ itemId, kind, text, unitId, actorId: actor?.userId ?? null, actorName: actor ? actor.displayName : null });
}

export async function selectCategories(db: Db, activeOnly = true): Promise<CategoryRow[]> {
	return db
		.select()
		.from(feedbackCategories)
		.where(activeOnly ? eq(feedbackCategories.active, true) : undefined)
		.orderBy(asc(feedbackCategories.sort), asc(feedbackCategories.code));
}

export async function updateItem(db: Db, id: string, patch: Partial<FeedbackRow>) {
	const [row] = await db
		.update(feedbackItems)
		.set({ ...patch, updatedAt: new Date() })
		.where(eq(feedbackItems.id, id))
		.returning();
	return row;
}

/** Published questions and answers of a unit and the units under it, newest first. */
export async function selectPublished(db: Db, unitPath: string, limit: number) {
	return db
		.select({
			question: feedbackItems.publicQuestion,
			answer: feedbackItems.publicAnswer,
			answeredAt: feedbackItems.answeredAt,
			categoryVi: feedbackCategories.nameVi,
			categoryEn: feedbackCategories.nameEn
		})
		.from(feedbackItems)
		.innerJoin(units, eq(units.id, feedbackItems.unitId))
		.innerJoin(feedbackCategories, eq(feedbackCategories.code, feedbackItems.categoryCode))
		.where(and(eq(feedbackItems.published, true), sql`${units.path} LIKE ${escapeLike(unitPath) + '%'}`))
		.orderBy(desc(feedbackItems.answeredAt))
		.limit(limit);
}
