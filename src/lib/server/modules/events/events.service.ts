import type { Db } from '../../db/client';
import type { Actor } from '../../access/actor';
import { AppError, conflict, forbidden, invalid, notFound } from '../../errors';
import { recordChange } from '../../audit/audit.service';
import { today } from '../../periods';
import { selectUnitByCode } from '../units/units.repository';
import { isUuid, loadActivity, writeActivity } from '../activities/activities.service';
import { selectActivityParts } from '../activities/activities.repository';
import type { ActivityInputFields } from '../activities/activities.schemas';
import type { AccessPurpose } from '../households/households.context';
import { createFeedback } from '../feedback/feedback.intake';
import { FeedbackCreateInput } from '../feedback/feedback.schemas';
import { announceEvent } from '../outreach/subscriptions.announce';
import {
	insertEvent,
	insertQuestion,
	selectEventById,
	selectEventParts,
	selectEvents,
	updateEventRow,
	type EventWithUnit
} from './events.repository';
import { canAddQuestion, canCreateEventIn, canManageEvent, canReadEvent, questionIntakeActor } from './events.policy';
import { presentEvent, presentListItem } from './events.presenter';
import {
	channelOfKind,
	type AttendanceCountsInput,
	type EventInput,
	type EventListQuery,
	type EventView,
	type MinutesInput,
	type QuestionInput
} from './events.schemas';

/** What the event use cases receive: the database, who acts, and (for tests and demo data) the clock. */
export interface EventCtx {
	db: Db;
	actor: Actor;
	now?: () => Date;
}

export const nowOf = (ctx: { now?: () => Date }) => (ctx.now ?? (() => new Date()))();
const eventAccess: AccessPurpose = { screen: 'event_page', purpose: 'event' };

/** An event by id with its unit; NOT_FOUND also for an id that is not a uuid. Scope is the caller's check. */
export async function loadEvent(db: Db, id: string, opts: { forUpdate?: boolean } = {}): Promise<EventWithUnit> {
	const row = isUuid(id) ? await selectEventById(db, id, opts) : undefined;
	if (!row) throw notFound('events.notFound');
	return row;
}

const placeOf = (row: EventWithUnit) => ({ unitPath: row.unitPath, invitedPaths: row.invited.map((u) => u.path) });

/** An event the actor may read; FORBIDDEN outside their reach. */
export async function loadReadableEvent(db: Db, actor: Actor, id: string, opts: { forUpdate?: boolean } = {}) {
	const row = await loadEvent(db, id, opts);
	if (!canReadEvent(actor, placeOf(row))) throw forbidden();
	return row;
}

/** An event the actor may change: read first (403 outside reach), then the manage rule; a cancelled or held event is closed to some changes (the caller says). */
async function loadManagedEvent(db: Db, actor: Actor, id: string) {
	const row = await loadReadableEvent(db, actor, id, { forUpdate: true });
	if (!canManageEvent(actor, row)) throw forbidden('events.manageForbidden');
	return row;
}

/** The activity fields an event sets, over what its activity already records (plan, themes, counts, households, costs). */
async function activityFieldsFor(tx: Db, activityId: string | null, e: EventInput, status?: 'planned' | 'done'): Promise<ActivityInputFields> {
	const own = {
		unit: e.unit,
		coveredUnits: e.invitedVillages,
		channel: channelOfKind[e.kind],
		title: e.title,
		description: e.description,
		place: e.place,
		date: e.date,
		startTime: e.startTime,
		endTime: e.endTime,
		audiences: e.invitedGroups
	};
	if (!activityId) return { ...own, status: status ?? 'planned' };
	const row = await loadActivity(tx, activityId);
	const a = row.activity;
	const parts = await selectActivityParts(tx, a);
	return {
		...own,
		plan: a.planId,
		themes: a.themes,
		organiser: a.organiser,
		responsible: a.responsible,
		counts: Object.fromEntries(parts.counts.map((c) => [c.groupCode, c.count])),
		households: parts.reached.map((h) => h.id),
		materials: a.materials.map((m) => ({ label: m.label, printed: m.printed, handedOut: m.handedOut, contentId: m.contentId })),
		cost: a.cost,
		costs: parts.costs.map((c) => ({ source: c.sourceCode, amount: c.amount, note: c.note })),
		contentId: a.contentId,
		status: status ?? (a.status === 'planned' ? 'planned' : 'done'),
		version: a.version
	};
}

/** Rewrites the event's activity with `over` applied (attendance counts, status): the same checks as any activity write. */
async function rewriteActivity(tx: Db, actor: Actor, row: EventWithUnit, over: Partial<ActivityInputFields>, now: Date) {
	const fields = { ...(await activityFieldsFor(tx, row.event.activityId, inputOf(row))), ...over };
	return (await writeActivity(tx, actor, row.event.activityId!, fields, { source: 'web', now, access: eventAccess })).activity;
}

/** The event's own fields as an input (for rewriting its activity after a change elsewhere). */
function inputOf(row: EventWithUnit): EventInput {
	const e = row.event;
	return {
		unit: row.unitCode,
		kind: e.kind as EventInput['kind'],
		title: e.title,
		description: e.description,
		agenda: e.agenda,
		place: e.place,
		date: e.date,
		startTime: e.startTime,
		endTime: e.endTime,
		invitedGroups: e.invitedGroups,
		invitedVillages: row.invited.map((u) => u.code),
		published: e.published,
		registrationOpen: e.registrationOpen,
		capacity: e.capacity
	};
}

function eventRowFields(e: EventInput, unitId: string) {
	return {
		unitId,
		kind: e.kind,
		title: e.title,
		description: e.description,
		agenda: e.agenda,
		place: e.place,
		date: e.date,
		startTime: e.startTime,
		endTime: e.endTime,
		invitedGroups: e.invitedGroups,
		published: e.published,
		registrationOpen: e.registrationOpen,
		capacity: e.capacity
	};
}

/** The view of an event for `actor`, read in `db`. */
export async function eventView(db: Db, actor: Actor, id: string): Promise<EventView> {
	const row = await loadEvent(db, id);
	return presentEvent(actor, row, await selectEventParts(db, row), {
		manage: canManageEvent(actor, row),
		addQuestion: canAddQuestion(actor, row) && row.event.status !== 'cancelled'
	});
}

async function unitFor(db: Db, actor: Actor, code: string) {
	const row = await selectUnitByCode(db, code);
	if (!row || row.unit.validTo !== null) throw invalid('events.unitUnknown', { code: code.slice(0, 40) }, [{ path: 'unit', message: code.slice(0, 40) }]);
	if (!canCreateEventIn(actor, row.unit.path)) throw forbidden('events.manageForbidden');
	return row.unit;
}

/**
 * Creates an event and, in the same transaction, the activity that carries it (channel by kind,
 * date, place, invited groups as audiences, invited villages as covered units), so reach, plan
 * targets and indicators count it like any activity.
 */
export async function createEvent(ctx: EventCtx, input: EventInput): Promise<EventView> {
	const now = nowOf(ctx);
	return ctx.db.transaction(async (tx) => {
		const unit = await unitFor(tx, ctx.actor, input.unit);
		const activityId = crypto.randomUUID();
		await writeActivity(tx, ctx.actor, activityId, await activityFieldsFor(tx, null, input), { source: 'web', now, access: eventAccess });
		const id = crypto.randomUUID();
		await insertEvent(tx, { id, ...eventRowFields(input, unit.id), activityId, status: 'planned', createdBy: ctx.actor.userId, createdAt: now, updatedAt: now });
		if (input.published) await announceEvent(tx, id, ctx.actor.userId);
		await recordChange(tx, ctx.actor, { action: 'event.create', entityType: 'event', entityId: id, unitId: unit.id, after: { ...input, activityId } });
		return eventView(tx, ctx.actor, id);
	});
}

/** Changes an event's details (with the version read, else CONFLICT) and keeps its activity in step. */
export async function updateEvent(ctx: EventCtx, id: string, input: EventInput): Promise<EventView> {
	const now = nowOf(ctx);
	return ctx.db.transaction(async (tx) => {
		const row = await loadManagedEvent(tx, ctx.actor, id);
		if (row.event.status === 'cancelled') throw conflict('events.cancelledLocked');
		if (input.version !== undefined && input.version !== row.event.version)
			throw new AppError('CONFLICT', 'events.conflict', { version: row.event.version }, [{ path: 'version', message: String(row.event.version) }]);
		const unit = await unitFor(tx, ctx.actor, input.unit);
		if (row.event.status === 'held' && input.date > today(now)) throw invalid('events.heldInFuture', {}, [{ path: 'date', message: input.date }]);
		let activityId = row.event.activityId;
		if (activityId) {
			const fields = await activityFieldsFor(tx, activityId, input);
			await writeActivity(tx, ctx.actor, activityId, fields, { source: 'web', now, access: eventAccess });
		} else {
			activityId = crypto.randomUUID();
			await writeActivity(tx, ctx.actor, activityId, await activityFieldsFor(tx, null, input, row.event.status === 'held' ? 'done' : 'planned'), { source: 'web', now, access: eventAccess });
		}
		await updateEventRow(tx, id, { ...eventRowFields(input, unit.id), activityId, version: row.event.version + 1, updatedAt: now });
		if (input.published && !row.event.published) await announceEvent(tx, id, ctx.actor.userId);
		await recordChange(tx, ctx.actor, {
			action: 'event.update',
			entityType: 'event',
			entityId: id,
			unitId: unit.id,
			before: { version: row.event.version, unitCode: row.unitCode, date: row.event.date, title: row.event.title },
			after: { ...input, version: row.event.version + 1 }
		});
		return eventView(tx, ctx.actor, id);
	});
}

/** One event the actor may read. */
export async function getEvent(ctx: EventCtx, id: string): Promise<EventView> {
	return ctx.db.transaction(async (tx) => {
		await loadReadableEvent(tx, ctx.actor, id);
		return eventView(tx, ctx.actor, id);
	});
}

/** Events the actor may read, filtered: upcoming (today on, planned) soonest first, or past newest first. */
export async function findEvents(ctx: EventCtx, query: EventListQuery) {
	let unitPath: string | undefined;
	if (query.unit) {
		const row = await selectUnitByCode(ctx.db, query.unit);
		if (!row) throw notFound('unit.notFound', { code: query.unit });
		unitPath = row.unit.path;
	}
	const { items, hasMore } = await selectEvents(
		ctx.db,
		ctx.actor,
		{ unitPath, when: query.when, today: today(nowOf(ctx)), kind: query.kind, status: query.status },
		query.limit,
		query.offset
	);
	return { items: items.map(presentListItem), hasMore, limit: query.limit, offset: query.offset };
}

async function bump(tx: Db, row: EventWithUnit, patch: Parameters<typeof updateEventRow>[2], now: Date) {
	await updateEventRow(tx, row.event.id, { ...patch, version: row.event.version + 1, updatedAt: now });
}

/** The event took place: it is held, its activity done (an event of a later day cannot be). */
export async function markEventHeld(ctx: EventCtx, id: string): Promise<EventView> {
	const now = nowOf(ctx);
	return ctx.db.transaction(async (tx) => {
		const row = await loadManagedEvent(tx, ctx.actor, id);
		if (row.event.status !== 'planned') throw conflict(row.event.status === 'held' ? 'events.alreadyHeld' : 'events.cancelledLocked');
		if (row.event.date > today(now)) throw conflict('events.heldInFuture');
		await rewriteActivity(tx, ctx.actor, row, { status: 'done' }, now);
		await bump(tx, row, { status: 'held', registrationOpen: false }, now);
		await recordChange(tx, ctx.actor, { action: 'event.held', entityType: 'event', entityId: id, unitId: row.event.unitId, before: { status: 'planned' }, after: { status: 'held' } });
		return eventView(tx, ctx.actor, id);
	});
}

/**
 * The event will not take place: cancelled, taken off the portal, registration closed. Its
 * activity stays planned (never done, so it never counts as reach) and says so in its description.
 */
export async function cancelEvent(ctx: EventCtx, id: string): Promise<EventView> {
	const now = nowOf(ctx);
	return ctx.db.transaction(async (tx) => {
		const row = await loadManagedEvent(tx, ctx.actor, id);
		if (row.event.status !== 'planned') throw conflict(row.event.status === 'held' ? 'events.heldLocked' : 'events.alreadyCancelled');
		if (row.event.activityId) {
			const note = `[Đã hủy / Cancelled ${today(now)}]`;
			const description = [note, row.event.description].filter(Boolean).join('\n').slice(0, 5000);
			await rewriteActivity(tx, ctx.actor, row, { status: 'planned', description }, now);
		}
		await bump(tx, row, { status: 'cancelled', published: false, registrationOpen: false }, now);
		await recordChange(tx, ctx.actor, { action: 'event.cancel', entityType: 'event', entityId: id, unitId: row.event.unitId, before: { status: 'planned' }, after: { status: 'cancelled' } });
		return eventView(tx, ctx.actor, id);
	});
}

/** Publishing on the portal and opening registration, without touching the rest. */
export async function setEventPublication(ctx: EventCtx, id: string, patch: { published: boolean; registrationOpen: boolean }): Promise<EventView> {
	const now = nowOf(ctx);
	return ctx.db.transaction(async (tx) => {
		const row = await loadManagedEvent(tx, ctx.actor, id);
		if (row.event.status !== 'planned' && (patch.published || patch.registrationOpen)) throw conflict(row.event.status === 'held' ? 'events.heldLocked' : 'events.cancelledLocked');
		await bump(tx, row, patch, now);
		// Newly on the portal: its commune's dialogue subscribers are told, in this transaction.
		if (patch.published && !row.event.published) await announceEvent(tx, id, ctx.actor.userId);
		await recordChange(tx, ctx.actor, {
			action: 'event.publication',
			entityType: 'event',
			entityId: id,
			unitId: row.event.unitId,
			before: { published: row.event.published, registrationOpen: row.event.registrationOpen },
			after: patch
		});
		return eventView(tx, ctx.actor, id);
	});
}

/**
 * Participants by audience group, written on the event's activity (households present are ticked
 * on the activity's attendance list). The activity's version guards against a lost update.
 */
export async function recordEventCounts(ctx: EventCtx, id: string, input: AttendanceCountsInput): Promise<EventView> {
	const now = nowOf(ctx);
	return ctx.db.transaction(async (tx) => {
		const row = await loadManagedEvent(tx, ctx.actor, id);
		if (row.event.status === 'cancelled') throw conflict('events.cancelledLocked');
		if (!row.event.activityId) throw conflict('events.noActivity');
		const counts = Object.fromEntries(Object.entries(input.counts).filter(([, n]) => n > 0));
		await rewriteActivity(tx, ctx.actor, row, { counts, ...(input.version ? { version: input.version } : {}) }, now);
		await bump(tx, row, {}, now);
		return eventView(tx, ctx.actor, id);
	});
}

/**
 * A question raised at the event becomes a feedback item (channel `dialogue`, category question,
 * received on the event's day) in the citizens' intake, with its deadline and tracking code, and
 * is linked to the event with what was answered on the spot.
 */
export async function addEventQuestion(ctx: EventCtx, id: string, input: QuestionInput): Promise<{ view: EventView; trackingCode: string; feedbackId: string }> {
	const now = nowOf(ctx);
	return ctx.db.transaction(async (tx) => {
		const row = await loadManagedEvent(tx, ctx.actor, id);
		if (!canAddQuestion(ctx.actor, row)) throw forbidden('events.manageForbidden');
		if (row.event.status === 'cancelled') throw conflict('events.cancelledLocked');
		let unit = row.unitCode;
		if (input.village) {
			const v = await selectUnitByCode(tx, input.village);
			if (!v || !v.unit.path.startsWith(row.unitPath)) throw invalid('events.villageUnknown', {}, [{ path: 'village', message: input.village.slice(0, 40) }]);
			unit = v.unit.code;
		}
		const day = today(now);
		const yearAgo = `${Number(day.slice(0, 4)) - 1}${day.slice(4)}`;
		const receivedOn = row.event.date <= day && row.event.date > yearAgo ? row.event.date : day;
		const title = input.question.length > 120 ? `${input.question.slice(0, 117).trimEnd()}…` : input.question;
		// Running the event is enough to record what was asked there (questionIntakeActor).
		const intake = questionIntakeActor(ctx.actor, { unitId: row.event.unitId, unitCode: row.unitCode, unitName: row.unitName, unitPath: row.unitPath });
		const created = await createFeedback(
			{ db: tx, actor: intake },
			FeedbackCreateInput.parse({
				unit,
				category: 'question',
				channel: 'dialogue',
				title,
				body: `${input.question}\n\n(${row.event.title}, ${row.event.date})`,
				name: input.askedBy,
				anonymous: !input.askedBy,
				receivedOn
			})
		);
		await insertQuestion(tx, { eventId: id, feedbackId: created.id, answeredAtEvent: input.answer, createdAt: now });
		await bump(tx, row, {}, now);
		await recordChange(tx, ctx.actor, {
			action: 'event.question',
			entityType: 'event',
			entityId: id,
			unitId: row.event.unitId,
			after: { feedbackId: created.id, trackingCode: created.trackingCode, answered: !!input.answer }
		});
		return { view: await eventView(tx, ctx.actor, id), trackingCode: created.trackingCode, feedbackId: created.id };
	});
}

/** The minutes' fields (chair, secretary, attendance in words, summary, conclusions). */
export async function saveMinutes(ctx: EventCtx, id: string, input: MinutesInput): Promise<EventView> {
	const now = nowOf(ctx);
	return ctx.db.transaction(async (tx) => {
		const row = await loadManagedEvent(tx, ctx.actor, id);
		if (row.event.status === 'cancelled') throw conflict('events.cancelledLocked');
		await bump(tx, row, { minutes: input }, now);
		await recordChange(tx, ctx.actor, { action: 'event.minutes', entityType: 'event', entityId: id, unitId: row.event.unitId, after: input });
		return eventView(tx, ctx.actor, id);
	});
}

export { minutesFile } from './events.documents';
