import { and, asc, desc, eq, gte, isNull, lt, or, sql, type SQL } from 'drizzle-orm';
import type { Db } from '../../db/client';
import type { Actor } from '../../access/actor';
import { escapeLike, scopeCondition } from '../../access/actor';
import { units } from '../units/units.tables';
import { activities } from '../activities/activities.tables';
import { feedbackItems } from '../feedback/feedback.tables';
import { storedFiles } from '../../files/files.tables';
import { eventDocuments, eventQuestions, eventRegistrations, events } from './events.tables';

export type EventRow = typeof events.$inferSelect;
export type EventInsert = typeof events.$inferInsert;

export type InvitedUnit = {
	id: string;
	code: string;
	name: string;
	path: string;
};

export interface EventWithUnit {
	event: EventRow;
	unitCode: string;
	unitName: string;
	unitPath: string;
	unitLevel: string;
	/** The villages it invites: the covered units of its activity. */
	invited: InvitedUnit[];
}

const registrationCount = sql<number>`(SELECT count(*)::int FROM ${eventRegistrations} r WHERE r.event_id = ${events.id} AND r.cancelled_at IS NULL)`;
const questionCount = sql<number>`(SELECT count(*)::int FROM ${eventQuestions} q WHERE q.event_id = ${events.id})`;

async function invitedOf(db: Db, activityId: string | null): Promise<InvitedUnit[]> {
	if (!activityId) return [];
	const rows = await db.execute<InvitedUnit>(sql`
		SELECT u.id, u.code, u.name, u.path FROM ${activities} a JOIN ${units} u ON u.id = ANY(a.covered_unit_ids)
		WHERE a.id = ${activityId} ORDER BY u.code`);
	return (rows as unknown as { rows: InvitedUnit[] }).rows;
}

/** One event with its unit and invited villages; locked FOR UPDATE when asked. */
export async function selectEventById(db: Db, id: string, opts: { forUpdate?: boolean } = {}): Promise<EventWithUnit | undefined> {
	const q = db
		.select({ event: events, unitCode: units.code, unitName: units.name, unitPath: units.path, unitLevel: units.level })
		.from(events)
		.innerJoin(units, eq(units.id, events.unitId))
		.where(eq(events.id, id));
	const [row] = opts.forUpdate ? await q.for('update', { of: events }) : await q;
	if (!row) return undefined;
	return { ...row, invited: await invitedOf(db, row.event.activityId) };
}

export async function insertEvent(db: Db, values: EventInsert): Promise<void> {
	await db.insert(events).values(values);
}

export async function updateEventRow(db: Db, id: string, patch: Partial<EventInsert>): Promise<void> {
	await db.update(events).set(patch).where(eq(events.id, id));
}

export interface EventSelection {
	unitPath?: string;
	when: 'upcoming' | 'past' | 'all';
	today: string;
	kind?: string;
	status?: string;
}

/** Readable: activities.read on the event's unit, or on a village its activity covers (invited). */
function readable(actor: Actor): SQL {
	return sql`(${scopeCondition(actor, 'activities.read', units.path)} OR EXISTS (
		SELECT 1 FROM ${activities} a JOIN ${units} cu ON cu.id = ANY(a.covered_unit_ids)
		WHERE a.id = ${events.activityId} AND ${scopeCondition(actor, 'activities.read', sql`cu.path`)}))`;
}

const listColumns = {
	event: events,
	unitCode: units.code,
	unitName: units.name,
	registrations: registrationCount,
	questions: questionCount
};

/** Events the actor may read, filtered; upcoming soonest first, past newest first. One more row than asked tells whether more follow. */
export async function selectEvents(db: Db, actor: Actor, f: EventSelection, limit: number, offset: number) {
	const where: SQL[] = [readable(actor)];
	if (f.unitPath) where.push(sql`${units.path} LIKE ${escapeLike(f.unitPath) + '%'}`);
	if (f.kind) where.push(eq(events.kind, f.kind));
	if (f.status) where.push(eq(events.status, f.status));
	if (f.when === 'upcoming') where.push(and(gte(events.date, f.today), eq(events.status, 'planned'))!);
	if (f.when === 'past') where.push(or(lt(events.date, f.today), sql`${events.status} <> 'planned'`)!);
	const order = f.when === 'upcoming' ? [asc(events.date), asc(events.startTime), asc(events.id)] : [desc(events.date), desc(events.startTime), asc(events.id)];
	const rows = await db
		.select(listColumns)
		.from(events)
		.innerJoin(units, eq(units.id, events.unitId))
		.where(and(...where))
		.orderBy(...order)
		.limit(limit + 1)
		.offset(offset);
	return { items: rows.slice(0, limit), hasMore: rows.length > limit };
}
export type EventListRow = Awaited<ReturnType<typeof selectEvents>>['items'][number];

/**
 * Published, planned events of today or later for a portal: the unit's own and those of the units
 * under it (a province lists its communes'), and a commune's events that invite a village portal.
 */
export async function selectPublicEvents(db: Db, unit: { id: string; path: string }, today: string, limit: number) {
	return db
		.select(listColumns)
		.from(events)
		.innerJoin(units, eq(units.id, events.unitId))
		.where(
			and(
				eq(events.published, true),
				eq(events.status, 'planned'),
				gte(events.date, today),
				or(
					sql`${units.path} LIKE ${escapeLike(unit.path) + '%'}`,
					sql`EXISTS (SELECT 1 FROM ${activities} a WHERE a.id = ${events.activityId} AND ${unit.id}::uuid = ANY(a.covered_unit_ids))`
				)
			)
		)
		.orderBy(asc(events.date), asc(events.startTime), asc(events.id))
		.limit(limit);
}

export async function countRegistrations(db: Db, eventId: string): Promise<number> {
	const [row] = await db
		.select({ n: sql<number>`count(*)::int` })
		.from(eventRegistrations)
		.where(and(eq(eventRegistrations.eventId, eventId), isNull(eventRegistrations.cancelledAt)));
	return row?.n ?? 0;
}

export async function selectRegistrations(db: Db, eventId: string) {
	return db
		.select({ registration: eventRegistrations, villageName: units.name })
		.from(eventRegistrations)
		.leftJoin(units, eq(units.id, eventRegistrations.villageId))
		.where(and(eq(eventRegistrations.eventId, eventId), isNull(eventRegistrations.cancelledAt)))
		.orderBy(asc(eventRegistrations.createdAt), asc(eventRegistrations.id));
}

/** A registration by the same phone for the same event, still standing. */
export async function selectRegistrationByPhone(db: Db, eventId: string, phone: string) {
	const [row] = await db
		.select({ id: eventRegistrations.id })
		.from(eventRegistrations)
		.where(and(eq(eventRegistrations.eventId, eventId), eq(eventRegistrations.phone, phone), isNull(eventRegistrations.cancelledAt)));
	return row;
}

export async function insertRegistration(db: Db, values: typeof eventRegistrations.$inferInsert): Promise<{ id: string }> {
	const [row] = await db.insert(eventRegistrations).values(values).returning({ id: eventRegistrations.id });
	return row;
}

export async function selectQuestions(db: Db, eventId: string) {
	return db
		.select({
			feedbackId: feedbackItems.id,
			trackingCode: feedbackItems.trackingCode,
			title: feedbackItems.title,
			body: feedbackItems.body,
			status: feedbackItems.status,
			senderName: feedbackItems.senderName,
			answeredAtEvent: eventQuestions.answeredAtEvent
		})
		.from(eventQuestions)
		.innerJoin(feedbackItems, eq(feedbackItems.id, eventQuestions.feedbackId))
		.where(eq(eventQuestions.eventId, eventId))
		.orderBy(asc(eventQuestions.createdAt), asc(feedbackItems.receivedAt), asc(feedbackItems.id));
}

export async function insertQuestion(db: Db, values: typeof eventQuestions.$inferInsert): Promise<void> {
	await db.insert(eventQuestions).values(values);
}

export async function selectDocuments(db: Db, eventId: string) {
	return db
		.select({ id: eventDocuments.id, fileId: eventDocuments.fileId, name: storedFiles.originalName, size: storedFiles.size, createdAt: eventDocuments.createdAt })
		.from(eventDocuments)
		.innerJoin(storedFiles, eq(storedFiles.id, eventDocuments.fileId))
		.where(eq(eventDocuments.eventId, eventId))
		.orderBy(asc(eventDocuments.createdAt), asc(eventDocuments.id));
}

export async function insertDocument(db: Db, values: typeof eventDocuments.$inferInsert): Promise<void> {
	await db.insert(eventDocuments).values(values);
}

/** Villages (and other units) directly under a unit that are in force, for the forms. */
export async function selectChildUnits(db: Db, parentId: string) {
	return db
		.select({ id: units.id, code: units.code, name: units.name, path: units.path })
		.from(units)
		.where(and(eq(units.parentId, parentId), isNull(units.validTo)))
		.orderBy(asc(units.code));
}

/** Everything an event's page shows besides the row: registrations, questions, minutes files, the activity's counts. */
export async function selectEventParts(db: Db, row: EventWithUnit) {
	const activityId = row.event.activityId;
	const [registrations, questions, documents, activity] = await Promise.all([
		selectRegistrations(db, row.event.id),
		selectQuestions(db, row.event.id),
		selectDocuments(db, row.event.id),
		activityId
			? db.execute<{ status: string; version: number; counts: Record<string, number> | null; households: number }>(sql`
				SELECT a.status, a.version,
					(SELECT jsonb_object_agg(c.group_code, c.count) FROM activity_counts c WHERE c.activity_id = a.id) AS counts,
					(SELECT count(*)::int FROM activity_households h WHERE h.activity_id = a.id) AS households
				FROM ${activities} a WHERE a.id = ${activityId}`)
			: Promise.resolve(null)
	]);
	const a = activity ? (activity as unknown as { rows: { status: string; version: number; counts: Record<string, number> | null; households: number }[] }).rows[0] : undefined;
	return { registrations, questions, documents, activity: a && activityId ? { id: activityId, ...a, counts: a.counts ?? {} } : null };
}
export type EventParts = Awaited<ReturnType<typeof selectEventParts>>;
