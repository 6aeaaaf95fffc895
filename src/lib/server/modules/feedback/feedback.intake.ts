import { sql } from 'drizzle-orm';
import type { Db } from '../../db/client';
import type { Actor } from '../../access/actor';
import { AppError, forbidden, invalid, notFound, pgErrorCode } from '../../errors';
import { recordChange } from '../../audit/audit.service';
import type { Locale } from '../../../i18n';
import { selectUnitByCode, selectUnitById } from '../units/units.repository';
import type { UnitRow } from '../units/units.repository';
import { addWorkingDays } from '../../workdays';
import { calendar, today } from './feedback.calendar';
import { newTrackingCode, normaliseTrackingCode } from './feedback.codes';
import { insertEvent, selectEvents, selectItemByCode, selectItemById, selectPublished, updateItem } from './feedback.repository';
import { canHandleFeedback } from './feedback.policy';
import { isOpen, presentPublicStatus, vnDate } from './feedback.presenter';
import type { FeedbackChannel, FeedbackCreateInput, FeedbackSubmitInput } from './feedback.schemas';

const DEFAULT_CATEGORY = 'question';

type Place = { unit: UnitRow; handlingUnitId: string };

/**
 * Units found for public submissions, per database, for a minute: every submission names one, and
 * a unit renamed, merged or closed is seen by the intake within the minute. Unknown codes are not
 * kept (a flood of made-up codes must not grow the map).
 */
const places = new WeakMap<Db, Map<string, { at: number; place: Place }>>();
const PLACE_TTL_MS = 60_000;

/** The unit an item is about: an active unit; a village's items are answered by its commune. */
async function placeFor(db: Db, code: string, cached = false): Promise<Place> {
	const map = places.get(db) ?? places.set(db, new Map()).get(db)!;
	const hit = cached ? map.get(code) : undefined;
	if (hit && Date.now() - hit.at < PLACE_TTL_MS) return hit.place;
	const row = await selectUnitByCode(db, code);
	if (!row || row.unit.validTo !== null || row.unit.successorId !== null) throw invalid('feedback.unitUnknown', { code: code.slice(0, 40) }, [{ path: 'unit', message: code.slice(0, 40) }]);
	const handlingUnitId = row.unit.level === 'village' && row.unit.parentId ? row.unit.parentId : row.unit.id;
	const place = { unit: row.unit, handlingUnitId };
	if (map.size > 20_000) map.clear();
	map.set(code, { at: Date.now(), place });
	return place;
}

interface NewItem {
	unitId: string;
	handlingUnitId: string;
	categoryCode: string;
	channel: FeedbackChannel;
	title: string;
	body: string;
	senderName: string | null;
	senderPhone: string | null;
	anonymous: boolean;
	contactConsent: boolean;
	publishConsent: boolean;
	receivedAt: Date;
	dueDate: string;
	createdBy: string | null;
	actorName: string | null;
}

/**
 * Stores an item and its "received" event in one statement (atomic without a transaction: one
 * round trip, which is what lets the public channel take hundreds of submissions a second). A
 * tracking code already taken (59 random bits: practically never) is drawn again.
 */
async function insertItem(db: Db, v: NewItem): Promise<{ id: string; trackingCode: string }> {
	for (let attempt = 0; ; attempt++) {
		const code = newTrackingCode();
		try {
			const result = await db.execute<{ item_id: string }>(sql`
				WITH item AS (
					INSERT INTO feedback_items (tracking_code, unit_id, handling_unit_id, category_code, channel, title, body, sender_name,
						sender_phone, anonymous, contact_consent, publish_consent, due_date, escalate_after, received_at, created_by)
					VALUES (${code}, ${v.unitId}, ${v.handlingUnitId}, ${v.categoryCode}, ${v.channel}, ${v.title}, ${v.body}, ${v.senderName},
						${v.senderPhone}, ${v.anonymous}, ${v.contactConsent}, ${v.publishConsent}, ${v.dueDate}, ${v.dueDate}, ${v.receivedAt.toISOString()}, ${v.createdBy})
					RETURNING id, received_at
				)
				INSERT INTO feedback_events (item_id, kind, at, actor_id, actor_name, unit_id)
				SELECT id, 'received', received_at, ${v.createdBy}, ${v.actorName}, ${v.handlingUnitId}::uuid FROM item
				RETURNING item_id`);
			const rows = (result as unknown as { rows: { item_id: string }[] }).rows;
			return { id: rows[0].item_id, trackingCode: code };
		} catch (err) {
			if (pgErrorCode(err) === '23505' && attempt < 3) continue;
			throw err;
		}
	}
}

async function categoryFor(db: Db, code: string | null) {
	const { categories } = await calendar(db);
	const category = categories.find((c) => c.code === (code ?? DEFAULT_CATEGORY) && c.active);
	if (!category) throw invalid('feedback.categoryUnknown', { code: (code ?? '').slice(0, 40) }, [{ path: 'category', message: (code ?? '').slice(0, 40) }]);
	return category;
}

function sender(input: { anonymous: boolean; name: string | null; phone: string | null; consent: boolean }) {
	// Anonymous means nothing that names the sender is kept, even if the form carried it.
	if (input.anonymous) return { senderName: null, senderPhone: null, contactConsent: false };
	return { senderName: input.name, senderPhone: input.phone, contactConsent: input.consent && input.phone !== null };
}

/**
 * A question, complaint or suggestion from the portal or another front end. The caller has
 * checked the rate limits; the answer is the tracking code, acknowledged only once stored.
 */
export async function submitFeedback(db: Db, input: FeedbackSubmitInput, channel: 'portal' | 'api'): Promise<{ id: string; trackingCode: string }> {
	const [place, category] = await Promise.all([placeFor(db, input.unit, true), categoryFor(db, input.category)]);
	const { holidays } = await calendar(db);
	const receivedAt = new Date();
	const dueDate = addWorkingDays(today(receivedAt), category.deadlineDays, holidays);
	return insertItem(db, {
		unitId: place.unit.id,
		handlingUnitId: place.handlingUnitId,
		categoryCode: category.code,
		channel,
		title: input.title,
		body: input.body,
		...sender(input),
		anonymous: input.anonymous,
		publishConsent: input.publish,
		receivedAt,
		dueDate,
		createdBy: null,
		actorName: null
	});
}

/** An officer enters what arrived by phone, in person, at a dialogue or by letter. */
export async function createFeedback(ctx: { db: Db; actor: Actor }, input: FeedbackCreateInput) {
	const place = await placeFor(ctx.db, input.unit);
	if (!canHandleFeedback(ctx.actor, { unitPath: place.unit.path })) throw forbidden();
	const category = await categoryFor(ctx.db, input.category);
	const { holidays } = await calendar(ctx.db);
	const now = new Date();
	const todayVn = today(now);
	const receivedOn = input.receivedOn ?? todayVn;
	if (receivedOn > todayVn || receivedOn < `${Number(todayVn.slice(0, 4)) - 1}${todayVn.slice(4)}`)
		throw invalid('feedback.receivedOnRange', {}, [{ path: 'receivedOn', message: receivedOn }]);
	const receivedAt = receivedOn === todayVn ? now : new Date(`${receivedOn}T09:00:00+07:00`);
	return ctx.db.transaction(async (tx) => {
		const created = await insertItem(tx, {
			unitId: place.unit.id,
			handlingUnitId: place.handlingUnitId,
			categoryCode: category.code,
			channel: input.channel,
			title: input.title,
			body: input.body,
			...sender(input),
			anonymous: input.anonymous,
			publishConsent: input.publish,
			receivedAt,
			dueDate: addWorkingDays(receivedOn, category.deadlineDays, holidays),
			createdBy: ctx.actor.userId,
			actorName: ctx.actor.displayName
		});
		await recordChange(tx, ctx.actor, {
			action: 'feedback.create',
			entityType: 'feedback',
			entityId: created.id,
			unitId: place.unit.id,
			after: { trackingCode: created.trackingCode, channel: input.channel, category: category.code }
		});
		return created;
	});
}

/** The item a typed code names; a code that cannot be one is "not found" like an unknown one. */
async function byCode(db: Db, input: string) {
	const code = normaliseTrackingCode(input);
	const row = code ? await selectItemByCode(db, code) : undefined;
	if (!row) throw notFound('feedback.codeNotFound');
	return row;
}

/** What a tracking code shows (status, dates, public answer); never who sent it or who handles it. */
export async function trackFeedback(db: Db, code: string, locale: Locale) {
	const own = await byCode(db, code);
	const shown = own.item.mergedIntoId ? ((await selectItemById(db, own.item.mergedIntoId)) ?? own) : own;
	const [events, { holidays }] = await Promise.all([selectEvents(db, own.item.id), calendar(db)]);
	return presentPublicStatus(own, shown, events, locale, today(), holidays);
}

/** The sender, holding the code, is not satisfied: the item opens again with a new deadline. */
export async function reopenFeedback(db: Db, code: string, reason: string, locale: Locale) {
	const found = await byCode(db, code);
	await db.transaction(async (tx) => {
		const row = (await selectItemById(tx, found.item.id, true))!;
		const i = row.item;
		if (i.mergedIntoId) throw new AppError('CONFLICT', 'feedback.reopenMerged');
		if (isOpen(i.status)) throw new AppError('CONFLICT', 'feedback.reopenOpen');
		if (i.reopenCount >= 5) throw new AppError('CONFLICT', 'feedback.reopenLimit');
		const { categories, holidays } = await calendar(tx);
		const days = categories.find((c) => c.code === i.categoryCode)?.deadlineDays ?? 10;
		const due = addWorkingDays(today(), days, holidays);
		await updateItem(tx, i.id, {
			status: i.assigneeId ? 'assigned' : 'received',
			dueDate: due,
			escalateAfter: due,
			reopenCount: i.reopenCount + 1,
			closedAt: null
		});
		await insertEvent(tx, null, i.id, 'reopened', reason);
	});
	return trackFeedback(db, code, locale);
}

/** The portal's questions and answers: published items of the unit and the units under it. */
export async function findPublishedQuestions(db: Db, unitCode: string, locale: Locale, limit = 50) {
	const row = await selectUnitByCode(db, unitCode);
	if (!row) throw notFound('feedback.unitUnknown', { code: unitCode.slice(0, 40) });
	const rows = await selectPublished(db, row.unit.path, limit);
	return rows.map((r) => ({
		category: locale === 'vi' ? r.categoryVi : r.categoryEn,
		question: r.question ?? '',
		answer: r.answer ?? '',
		answeredOn: r.answeredAt ? vnDate(r.answeredAt) : ''
	}));
}

/**
 * A message that arrived on a platform (a Zalo OA chat, an SMS to the unit's number), received by
 * its webhook for the unit owning the account: stored like a portal submission, in the webhook's
 * transaction, in the default category. An SMS sender left their number by writing, so they may be
 * answered by SMS; a Zalo sender is answered through the OA (the webhook receipt keeps their id).
 */
export async function receivePlatformMessage(
	tx: Db,
	input: { unitId: string; channel: 'zalo' | 'sms'; title: string; body: string; senderPhone: string | null; receivedAt: Date }
): Promise<{ id: string; trackingCode: string }> {
	const row = await selectUnitById(tx, input.unitId);
	if (!row) throw notFound('feedback.unitUnknown', { code: input.unitId.slice(0, 40) });
	const handlingUnitId = row.unit.level === 'village' && row.unit.parentId ? row.unit.parentId : row.unit.id;
	const category = await categoryFor(tx, null);
	const { holidays } = await calendar(tx);
	return insertItem(tx, {
		unitId: row.unit.id,
		handlingUnitId,
		categoryCode: category.code,
		channel: input.channel,
		title: input.title,
		body: input.body,
		...sender({ anonymous: false, name: null, phone: input.senderPhone, consent: input.senderPhone !== null }),
		anonymous: false,
		publishConsent: false,
		receivedAt: input.receivedAt,
		dueDate: addWorkingDays(today(input.receivedAt), category.deadlineDays, holidays),
		createdBy: null,
		actorName: null
	});
}
