import { and, eq, inArray, or, sql } from 'drizzle-orm';
import type { Db } from '../../db/client';
import type { Actor } from '../../access/actor';
import { can } from '../../access/actor';
import { AppError, forbidden, invalid, notFound } from '../../errors';
import { recordAccess, recordChange } from '../../audit/audit.service';
import type { Locale } from '../../../i18n';
import { rolePermissions, type Role } from '../../access/roles';
import { selectUnitByCode } from '../units/units.repository';
import { units } from '../units/units.tables';
import { roleGrants, users } from '../users/users.tables';
import { calendar, forgetCalendar, today } from './feedback.calendar';
import { feedbackCategories, feedbackItems } from './feedback.tables';
import { insertEvent, selectEvents, selectItemById, selectItems, updateItem, type ItemWithNames } from './feedback.repository';
import { canConfigureFeedback, canHandleFeedback, canReadFeedback } from './feedback.policy';
import { isOpen, presentDetail, presentListItem } from './feedback.presenter';
import type { FeedbackListQuery } from './feedback.schemas';
import { normaliseTrackingCode } from './feedback.codes';
import { queueFeedbackAnswer } from '../outreach/outreach.webhooks';

export interface Ctx {
	db: Db;
	actor: Actor;
	locale?: Locale;
}

const asPlaced = (row: ItemWithNames) => ({ unitPath: row.unitPath });

/** Items of the actor's units, newest first, with their time left and whether they are overdue. */
export async function findFeedback(ctx: Ctx, query: FeedbackListQuery) {
	let unitPath: string | undefined;
	if (query.unit) {
		const unit = await selectUnitByCode(ctx.db, query.unit);
		if (!unit) throw invalid('feedback.unitUnknown', { code: query.unit.slice(0, 40) });
		if (!can(ctx.actor, 'feedback.read', unit.unit.path)) throw forbidden();
		unitPath = unit.unit.path;
	}
	const todayVn = today();
	const [{ rows, hasMore }, { holidays }] = await Promise.all([selectItems(ctx.db, ctx.actor, { ...query, unitPath }, todayVn), calendar(ctx.db)]);
	return { items: rows.map((r) => presentListItem(r, ctx.locale ?? 'vi', todayVn, holidays)), hasMore, limit: query.limit, offset: query.offset };
}

/** Loads an item the actor may read (404 when there is none, 403 when out of reach). */
async function load(db: Db, actor: Actor, id: string, forUpdate = false) {
	if (!/^[0-9a-f-]{36}$/i.test(id)) throw notFound('feedback.notFound');
	const row = await selectItemById(db, id, forUpdate);
	if (!row) throw notFound('feedback.notFound');
	if (!canReadFeedback(actor, asPlaced(row))) throw forbidden();
	return row;
}

async function loadForHandling(db: Db, actor: Actor, id: string) {
	const row = await load(db, actor, id, true);
	if (!canHandleFeedback(actor, asPlaced(row))) throw forbidden();
	return row;
}

/**
 * One item with its history. The sender's name and phone only for those who handle it, and that
 * they saw them is recorded (personal data).
 */
export async function getFeedback(ctx: Ctx, id: string) {
	return ctx.db.transaction(async (tx) => {
		const row = await load(tx, ctx.actor, id);
		const sender = canHandleFeedback(ctx.actor, asPlaced(row));
		const events = await selectEvents(tx, id);
		const { holidays } = await calendar(tx);
		const target = row.item.mergedIntoId ? await selectItemById(tx, row.item.mergedIntoId) : undefined;
		if (sender && (row.item.senderName || row.item.senderPhone))
			await recordAccess(tx, ctx.actor, { action: 'feedback.read', entityType: 'feedback', entityId: id, unitId: row.item.unitId, context: { screen: 'feedback' } });
		return presentDetail(row, events, {
			locale: ctx.locale ?? 'vi',
			today: today(),
			holidays,
			sender,
			mergedInto: target ? { id: target.item.id, trackingCode: target.item.trackingCode } : null
		});
	});
}

type Change = { action: string; before?: unknown; after?: unknown };

/** One step of the workflow: load under a row lock, check, change, event, audit: all in one transaction. */
async function step(ctx: Ctx, id: string, fn: (tx: Db, row: ItemWithNames) => Promise<Change>) {
	await ctx.db.transaction(async (tx) => {
		const row = await loadForHandling(tx, ctx.actor, id);
		const change = await fn(tx, row);
		await recordChange(tx, ctx.actor, { entityType: 'feedback', entityId: id, unitId: row.item.unitId, ...change });
	});
	return getFeedback(ctx, id);
}

/** Officers who may handle an item of this unit: for the assignment list. */
export async function findAssignees(db: Db, unitPath: string) {
	const handlers = (Object.keys(rolePermissions) as Role[]).filter((r) => r !== 'admin' && rolePermissions[r].includes('feedback.handle'));
	const rows = await db
		.selectDistinct({ id: users.id, username: users.username, displayName: users.displayName })
		.from(users)
		.innerJoin(roleGrants, eq(roleGrants.userId, users.id))
		.innerJoin(units, eq(units.id, roleGrants.unitId))
		.where(and(eq(users.disabled, false), inArray(roleGrants.role, handlers), sql`${unitPath} LIKE ${units.path} || '%'`));
	return rows.sort((a, b) => a.displayName.localeCompare(b.displayName, 'vi'));
}

/** Routes an item to an officer who may handle it (by username). */
export function assignFeedback(ctx: Ctx, id: string, assignee: string) {
	return step(ctx, id, async (tx, row) => {
		if (!isOpen(row.item.status)) throw new AppError('CONFLICT', 'feedback.notOpen');
		const candidates = await findAssignees(tx, row.unitPath);
		const user = candidates.find((u) => u.username === assignee.toLowerCase());
		if (!user) throw invalid('feedback.assigneeInvalid', { user: assignee.slice(0, 100) }, [{ path: 'assignee', message: assignee.slice(0, 100) }]);
		await updateItem(tx, id, { assigneeId: user.id, status: 'assigned' });
		await insertEvent(tx, ctx.actor, id, 'assigned', user.displayName);
		return { action: 'feedback.assign', before: { assignee: row.assigneeUsername, status: row.item.status }, after: { assignee: user.username, status: 'assigned' } };
	});
}

/** An internal note: seen by officers only, never by the sender. */
export function addFeedbackNote(ctx: Ctx, id: string, text: string) {
	return step(ctx, id, async (tx) => {
		await insertEvent(tx, ctx.actor, id, 'note', text);
		return { action: 'feedback.note' };
	});
}

/** The public answer (shown with the tracking code, and in the Q&A when published). */
export function answerFeedback(ctx: Ctx, id: string, answer: string) {
	return step(ctx, id, async (tx, row) => {
		if (row.item.mergedIntoId) throw new AppError('CONFLICT', 'feedback.merged');
		if (row.item.status === 'closed') throw new AppError('CONFLICT', 'feedback.closed');
		const now = new Date();
		await updateItem(tx, id, { publicAnswer: answer, status: 'answered', answeredAt: now, firstAnsweredAt: row.item.firstAnsweredAt ?? now });
		await insertEvent(tx, ctx.actor, id, 'answered', answer);
		// The sender hears the answer on their channel (Zalo, or SMS when they left a phone and agreed), queued with it.
		await queueFeedbackAnswer(tx, id, answer, ctx.actor.userId);
		return { action: 'feedback.answer', before: { status: row.item.status, answer: row.item.publicAnswer }, after: { status: 'answered', answer } };
	});
}

export function closeFeedback(ctx: Ctx, id: string, note: string | null) {
	return step(ctx, id, async (tx, row) => {
		if (row.item.status === 'closed') throw new AppError('CONFLICT', 'feedback.closed');
		await updateItem(tx, id, { status: 'closed', closedAt: new Date() });
		await insertEvent(tx, ctx.actor, id, 'closed', note);
		return { action: 'feedback.close', before: { status: row.item.status }, after: { status: 'closed' } };
	});
}

/**
 * Merges a duplicate into the item about the same thing: the duplicate closes and its tracking code
 * shows the other item's status and answer from then on. Both must be in the actor's reach.
 */
export function mergeFeedback(ctx: Ctx, id: string, into: string) {
	return step(ctx, id, async (tx, row) => {
		const code = normaliseTrackingCode(into);
		const [target] = await tx
			.select({ id: feedbackItems.id })
			.from(feedbackItems)
			.where(code ? or(eq(feedbackItems.trackingCode, code), /^[0-9a-f-]{36}$/i.test(into) ? eq(feedbackItems.id, into) : undefined) : /^[0-9a-f-]{36}$/i.test(into) ? eq(feedbackItems.id, into) : sql`false`);
		if (!target) throw invalid('feedback.mergeTargetUnknown', {}, [{ path: 'into', message: into.slice(0, 40) }]);
		if (target.id === id) throw invalid('feedback.mergeSelf');
		const other = await loadForHandling(tx, ctx.actor, target.id);
		if (row.item.mergedIntoId) throw new AppError('CONFLICT', 'feedback.merged');
		if (other.item.mergedIntoId) throw new AppError('CONFLICT', 'feedback.mergeTargetMerged');
		// Anything merged into the duplicate follows it, so no chain of merges is left behind.
		await tx.update(feedbackItems).set({ mergedIntoId: other.item.id, updatedAt: new Date() }).where(eq(feedbackItems.mergedIntoId, id));
		await updateItem(tx, id, { mergedIntoId: other.item.id, status: 'closed', closedAt: new Date(), published: false });
		await insertEvent(tx, ctx.actor, id, 'merged', other.item.trackingCode);
		await insertEvent(tx, ctx.actor, other.item.id, 'note', row.item.trackingCode);
		return { action: 'feedback.merge', before: { status: row.item.status }, after: { mergedInto: other.item.trackingCode } };
	});
}

/**
 * Publishes (or withdraws) the question and answer in the portal's Q&A: only with the sender's
 * consent and an answer, and with the question as the officer rewrote it without personal details.
 */
export function publishFeedback(ctx: Ctx, id: string, input: { published: boolean; question: string | null }) {
	return step(ctx, id, async (tx, row) => {
		const question = input.question ?? row.item.publicQuestion;
		if (input.published) {
			if (!row.item.publishConsent) throw new AppError('CONFLICT', 'feedback.publishNoConsent');
			if (!row.item.publicAnswer) throw new AppError('CONFLICT', 'feedback.publishNoAnswer');
			if (!question) throw invalid('feedback.publishNoQuestion', {}, [{ path: 'question', message: '' }]);
			if (row.item.mergedIntoId) throw new AppError('CONFLICT', 'feedback.merged');
		}
		await updateItem(tx, id, { published: input.published, publicQuestion: question });
		await insertEvent(tx, ctx.actor, id, input.published ? 'published' : 'unpublished');
		return { action: 'feedback.publish', before: { published: row.item.published }, after: { published: input.published, question } };
	});
}

/** Categories with their deadlines (everyone who reads feedback; the portal's form lists the active ones). */
export async function findCategories(db: Db, locale: Locale, activeOnly = true) {
	const { categories } = await calendar(db);
	return categories
		.filter((c) => !activeOnly || c.active)
		.map((c) => ({ code: c.code, name: locale === 'vi' ? c.nameVi : c.nameEn, deadlineDays: c.deadlineDays, active: c.active }));
}

/** Administrators change a category's deadline in working days (items received later use it). */
export async function updateCategory(ctx: Ctx, code: string, input: { deadlineDays: number; active?: boolean }) {
	if (!canConfigureFeedback(ctx.actor)) throw forbidden();
	await ctx.db.transaction(async (tx) => {
		const [before] = await tx.select().from(feedbackCategories).where(eq(feedbackCategories.code, code)).for('update');
		if (!before) throw notFound('feedback.categoryUnknown', { code: code.slice(0, 40) });
		await tx
			.update(feedbackCategories)
			.set({ deadlineDays: input.deadlineDays, active: input.active ?? before.active })
			.where(eq(feedbackCategories.code, code));
		await recordChange(tx, ctx.actor, {
			action: 'feedback.category',
			entityType: 'feedback_category',
			entityId: code,
			before: { deadlineDays: before.deadlineDays, active: before.active },
			after: { deadlineDays: input.deadlineDays, active: input.active ?? before.active }
		});
	});
	forgetCalendar(ctx.db);
	return (await findCategories(ctx.db, ctx.locale ?? 'vi', false)).find((c) => c.code === code)!;
}

