import { eq, sql } from 'drizzle-orm';
import type { Db } from '../../db/client';
import type { Actor } from '../../access/actor';
import { can, scopeCondition } from '../../access/actor';
import { forbidden, invalid, notFound } from '../../errors';
import { recordChange } from '../../audit/audit.service';
import { today } from '../../periods';
import { selectUnitByCode } from '../units/units.repository';
import { units } from '../units/units.tables';
import { createActivity, loadActivity, writeActivity } from '../activities/activities.service';
import { communicators, trainingCourses } from './training.tables';
import {
	selectCommunicatorById,
	selectCommunicators,
	selectCourseById,
	selectCourses,
	selectTrainees,
	selectTrainingsOfCommunicator,
	type CommunicatorWithUnit,
	type CourseWithUnit,
	type TraineeWithNames
} from './training.repository';
import { CommunicatorInput, CourseInput, type CommunicatorView, type CourseView, type ListQuery } from './training.schemas';

export interface TrainingCtx {
	db: Db;
	actor: Actor;
	now?: () => Date;
}

export const isUuid = (id: string) => /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i.test(id);
const nowOf = (ctx: { now?: () => Date }) => (ctx.now ?? (() => new Date()))();

export const canReadTraining = (actor: Actor, r: { unitPath: string }) => can(actor, 'training.read', r.unitPath);
export const canEditTraining = (actor: Actor, r: { unitPath: string }) => can(actor, 'training.edit', r.unitPath);

export function presentCommunicator(r: CommunicatorWithUnit): CommunicatorView {
	const c = r.communicator;
	return {
		id: c.id,
		unitCode: r.unitCode,
		unitName: r.unitName,
		fullName: c.fullName,
		organisation: c.organisation,
		role: c.role as CommunicatorView['role'],
		topics: c.topics,
		phone: c.phoneConsent ? c.phone : null,
		active: c.active,
		trainings: r.trainings
	};
}

export function presentCourse(r: CourseWithUnit): CourseView {
	const c = r.course;
	return {
		id: c.id,
		activityId: c.activityId,
		unitCode: r.unitCode,
		unitName: r.unitName,
		title: c.title,
		organiser: c.organiser,
		topics: c.topics,
		fromDate: c.fromDate,
		toDate: c.toDate,
		place: c.place,
		trainees: r.trainees,
		attended: r.attended,
		averageGain: r.averageGain
	};
}

async function editableUnit(db: Db, actor: Actor, code: string) {
	const unit = await selectUnitByCode(db, code);
	if (!unit) throw invalid('training.unitUnknown', { code });
	if (!canEditTraining(actor, { unitPath: unit.unit.path })) throw forbidden('training.outOfReach');
	if (unit.unit.successorId) throw invalid('training.unitMerged', { code });
	return unit.unit;
}

// ——— the communicator network ———

export async function createCommunicator(ctx: TrainingCtx, fields: unknown): Promise<CommunicatorView> {
	const input = CommunicatorInput.parse(fields);
	return ctx.db.transaction(async (tx) => {
		const unit = await editableUnit(tx, ctx.actor, input.unit);
		const { unit: _code, active, ...values } = input;
		const [row] = await tx
			.insert(communicators)
			.values({ ...values, active: active ?? true, unitId: unit.id, createdBy: ctx.actor.userId })
			.returning({ id: communicators.id });
		await recordChange(tx, ctx.actor, { action: 'communicator.create', entityType: 'communicator', entityId: row.id, unitId: unit.id, after: input });
		return presentCommunicator((await selectCommunicatorById(tx, row.id))!);
	});
}

async function loadReadableCommunicator(db: Db, actor: Actor, id: string) {
	const row = isUuid(id) ? await selectCommunicatorById(db, id) : undefined;
	if (!row) throw notFound('training.communicatorNotFound');
	if (!canReadTraining(actor, row)) throw forbidden();
	return row;
}

/** Changes a communicator's details (the unit stays); `active: false` takes them out of the network. */
export async function updateCommunicator(ctx: TrainingCtx, id: string, fields: unknown): Promise<CommunicatorView> {
	const input = CommunicatorInput.parse(fields);
	return ctx.db.transaction(async (tx) => {
		const before = await loadReadableCommunicator(tx, ctx.actor, id);
		if (!canEditTraining(ctx.actor, before)) throw forbidden();
		const { unit: _code, active, ...values } = input;
		await tx
			.update(communicators)
			.set({ ...values, active: active ?? before.communicator.active, updatedAt: new Date() })
			.where(eq(communicators.id, id));
		await recordChange(tx, ctx.actor, { action: 'communicator.update', entityType: 'communicator', entityId: id, unitId: before.communicator.unitId, before: presentCommunicator(before), after: input });
		return presentCommunicator((await selectCommunicatorById(tx, id))!);
	});
}

export async function findCommunicators(ctx: TrainingCtx, query: ListQuery) {
	const page = await selectCommunicators(ctx.db, ctx.actor, query.limit, query.offset);
	return { items: page.items.map(presentCommunicator), hasMore: page.hasMore, limit: query.limit, offset: query.offset };
}

/** A communicator with the courses they were trainees of. */
export async function getCommunicatorDetail(ctx: TrainingCtx, id: string) {
	const row = await loadReadableCommunicator(ctx.db, ctx.actor, id);
	return { communicator: presentCommunicator(row), canEdit: canEditTraining(ctx.actor, row), trainings: await selectTrainingsOfCommunicator(ctx.db, id) };
}

// ——— courses, kept in step with their activity ———

/** Trainees counted by the activity's audience groups: staff, communicators, households by category, others. */
export function groupOf(t: Pick<TraineeWithNames, 'category'> & { trainee: { kind: string } }): string {
	if (t.trainee.kind === 'user') return 'cadre';
	if (t.trainee.kind === 'communicator') return 'poverty_staff';
	if (t.trainee.kind === 'household' && (t.category === 'poor' || t.category === 'near_poor' || t.category === 'escaped')) return t.category;
	return 'other';
}

/**
 * Writes the course's activity (channel `training`) from the course and its trainees, in the
 * caller's transaction: title, place, organiser, first day, topics as the description; the
 * attended trainees counted by group and attended households linked, so they count towards reach
 * and the plan's targets. The activity is done once the course has begun, planned before.
 */
export async function syncCourseActivity(tx: Db, actor: Actor, courseId: string, now: Date) {
	const course = (await selectCourseById(tx, courseId))!;
	const c = course.course;
	const trainees = await selectTrainees(tx, courseId, Number(c.fromDate.slice(0, 4)));
	const attended = trainees.filter((t) => t.trainee.attended);
	const counts: Record<string, number> = {};
	for (const t of attended) counts[groupOf(t)] = (counts[groupOf(t)] ?? 0) + 1;
	const audiences = [...new Set(trainees.map(groupOf))].sort();
	const existing = await loadActivity(tx, c.activityId);
	const a = existing.activity;
	await writeActivity(
		tx,
		actor,
		c.activityId,
		{
			unit: course.unitCode,
			channel: 'training',
			plan: a.planId,
			themes: a.themes,
			title: c.title,
			description: c.topics.length ? c.topics.join('; ') : null,
			place: c.place,
			date: c.fromDate,
			organiser: c.organiser,
			audiences,
			counts,
			households: attended.filter((t) => t.trainee.householdId).map((t) => t.trainee.householdId!),
			status: c.fromDate <= today(now) ? 'done' : 'planned',
			version: a.version
		},
		{ source: 'web', now, access: { screen: 'training_course', purpose: 'training' } }
	);
}

/** Opens a course in a unit: the course and its `training` activity, in one transaction. */
export async function createCourse(ctx: TrainingCtx, fields: unknown): Promise<CourseView> {
	const input = CourseInput.parse(fields);
	const now = nowOf(ctx);
	return ctx.db.transaction(async (tx) => {
		const unit = await editableUnit(tx, ctx.actor, input.unit);
		const activity = await createActivity(
			tx,
			ctx.actor,
			{
				unit: input.unit,
				channel: 'training',
				plan: input.plan,
				title: input.title,
				description: input.topics.length ? input.topics.join('; ') : null,
				place: input.place,
				date: input.fromDate,
				organiser: input.organiser,
				status: input.fromDate <= today(now) ? 'done' : 'planned'
			},
			{ source: 'web', now }
		);
		const [row] = await tx
			.insert(trainingCourses)
			.values({ activityId: activity.id, unitId: unit.id, title: input.title, organiser: input.organiser, topics: input.topics, fromDate: input.fromDate, toDate: input.toDate, place: input.place, createdBy: ctx.actor.userId })
			.returning({ id: trainingCourses.id });
		await recordChange(tx, ctx.actor, { action: 'training.course.create', entityType: 'training_course', entityId: row.id, unitId: unit.id, after: { ...input, activityId: activity.id } });
		return presentCourse((await selectCourseById(tx, row.id))!);
	});
}

/** A course the actor may read (NOT_FOUND for none, FORBIDDEN outside reach); locked when asked. */
export async function loadReadableCourse(db: Db, actor: Actor, id: string, opts: { forUpdate?: boolean } = {}) {
	const row = isUuid(id) ? await selectCourseById(db, id, opts) : undefined;
	if (!row) throw notFound('training.courseNotFound');
	if (!canReadTraining(actor, row)) throw forbidden();
	return row;
}

export async function loadEditableCourse(db: Db, actor: Actor, id: string) {
	const row = await loadReadableCourse(db, actor, id, { forUpdate: true });
	if (!canEditTraining(actor, row)) throw forbidden();
	return row;
}

/** Changes a course's details (its unit stays) and its activity with it. */
export async function updateCourse(ctx: TrainingCtx, id: string, fields: unknown): Promise<CourseView> {
	const input = CourseInput.parse(fields);
	const now = nowOf(ctx);
	return ctx.db.transaction(async (tx) => {
		const before = await loadEditableCourse(tx, ctx.actor, id);
		if (input.unit !== before.unitCode) throw invalid('training.unitFixed');
		await tx
			.update(trainingCourses)
			.set({ title: input.title, organiser: input.organiser, topics: input.topics, fromDate: input.fromDate, toDate: input.toDate, place: input.place, updatedAt: now })
			.where(eq(trainingCourses.id, id));
		await syncCourseActivity(tx, ctx.actor, id, now);
		await recordChange(tx, ctx.actor, { action: 'training.course.update', entityType: 'training_course', entityId: id, unitId: before.course.unitId, before: presentCourse(before), after: input });
		return presentCourse((await selectCourseById(tx, id))!);
	});
}

export async function findCourses(ctx: TrainingCtx, query: ListQuery) {
	const page = await selectCourses(ctx.db, ctx.actor, query.limit, query.offset);
	return { items: page.items.map(presentCourse), hasMore: page.hasMore, limit: query.limit, offset: query.offset };
}

/** Units where the actor may open courses or register communicators (for the forms' lists). */
export async function trainingUnits(ctx: TrainingCtx) {
	return ctx.db
		.select({ code: units.code, name: units.name })
		.from(units)
		.where(sql`${units.validTo} IS NULL AND ${units.successorId} IS NULL AND ${units.level} <> 'district' AND ${scopeCondition(ctx.actor, 'training.edit', units.path)}`)
		.orderBy(units.depth, units.code)
		.limit(300);
}
