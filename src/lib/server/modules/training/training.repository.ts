import { and, asc, desc, eq, sql } from 'drizzle-orm';
import type { Db } from '../../db/client';
import type { Actor } from '../../access/actor';
import { scopeCondition } from '../../access/actor';
import { units } from '../units/units.tables';
import { users } from '../users/users.tables';
import { householdClassifications, households } from '../households/households.tables';
import { communicators, trainingCertificates, trainingCourses, trainingTrainees } from './training.tables';

export type CommunicatorRow = typeof communicators.$inferSelect;
export type CourseRow = typeof trainingCourses.$inferSelect;
export type TraineeRow = typeof trainingTrainees.$inferSelect;

const placed = { unitCode: units.code, unitName: units.name, unitPath: units.path };
const trainingsOf = sql<number>`(SELECT count(*)::int FROM training_trainees t WHERE t.communicator_id = ${communicators.id})`.mapWith(Number);

export async function selectCommunicatorById(db: Db, id: string) {
	const [row] = await db
		.select({ communicator: communicators, ...placed, trainings: trainingsOf })
		.from(communicators)
		.innerJoin(units, eq(units.id, communicators.unitId))
		.where(eq(communicators.id, id));
	return row;
}
export type CommunicatorWithUnit = NonNullable<Awaited<ReturnType<typeof selectCommunicatorById>>>;

export async function selectCommunicators(db: Db, actor: Actor, limit: number, offset: number) {
	const rows = await db
		.select({ communicator: communicators, ...placed, trainings: trainingsOf })
		.from(communicators)
		.innerJoin(units, eq(units.id, communicators.unitId))
		.where(scopeCondition(actor, 'training.read', units.path))
		.orderBy(desc(communicators.active), asc(units.code), asc(communicators.fullName), asc(communicators.id))
		.limit(limit + 1)
		.offset(offset);
	return { items: rows.slice(0, limit), hasMore: rows.length > limit };
}

/** The courses a communicator took part in, newest first. */
export async function selectTrainingsOfCommunicator(db: Db, communicatorId: string) {
	return db
		.select({ courseId: trainingCourses.id, title: trainingCourses.title, fromDate: trainingCourses.fromDate, toDate: trainingCourses.toDate, attended: trainingTrainees.attended })
		.from(trainingTrainees)
		.innerJoin(trainingCourses, eq(trainingCourses.id, trainingTrainees.courseId))
		.where(eq(trainingTrainees.communicatorId, communicatorId))
		.orderBy(desc(trainingCourses.fromDate));
}

const courseFigures = {
	trainees: sql<number>`(SELECT count(*)::int FROM training_trainees t WHERE t.course_id = ${trainingCourses.id})`.mapWith(Number),
	attended: sql<number>`(SELECT count(*)::int FROM training_trainees t WHERE t.course_id = ${trainingCourses.id} AND t.attended)`.mapWith(Number),
	averageGain: sql<number | null>`(SELECT round(avg(t.post_score - t.pre_score), 1) FROM training_trainees t WHERE t.course_id = ${trainingCourses.id} AND t.attended AND t.pre_score IS NOT NULL AND t.post_score IS NOT NULL)`.mapWith(
		(v) => (v === null ? null : Number(v))
	)
};

export async function selectCourseById(db: Db, id: string, opts: { forUpdate?: boolean } = {}) {
	const q = db
		.select({ course: trainingCourses, ...placed, ...courseFigures })
		.from(trainingCourses)
		.innerJoin(units, eq(units.id, trainingCourses.unitId))
		.where(eq(trainingCourses.id, id));
	const [row] = opts.forUpdate ? await q.for('update', { of: trainingCourses }) : await q;
	return row;
}
export type CourseWithUnit = NonNullable<Awaited<ReturnType<typeof selectCourseById>>>;

export async function selectCourses(db: Db, actor: Actor, limit: number, offset: number) {
	const rows = await db
		.select({ course: trainingCourses, ...placed, ...courseFigures })
		.from(trainingCourses)
		.innerJoin(units, eq(units.id, trainingCourses.unitId))
		.where(scopeCondition(actor, 'training.read', units.path))
		.orderBy(desc(trainingCourses.fromDate), asc(trainingCourses.id))
		.limit(limit + 1)
		.offset(offset);
	return { items: rows.slice(0, limit), hasMore: rows.length > limit };
}

/**
 * A course's trainees with what names them: the user's display name, the communicator's name,
 * the household head's name with the village (personal data: the caller decides whether to show
 * it) and the household's category in `year`; and the certificate when one was issued.
 */
export async function selectTrainees(db: Db, courseId: string, year: number) {
	return db
		.select({
			trainee: trainingTrainees,
			userName: users.displayName,
			communicatorName: communicators.fullName,
			communicatorOrganisation: communicators.organisation,
			householdName: households.headName,
			householdUnitId: households.unitId,
			villagePath: units.path,
			villageName: units.name,
			category: householdClassifications.category,
			certificateId: trainingCertificates.id,
			certificateNumber: trainingCertificates.number
		})
		.from(trainingTrainees)
		.leftJoin(users, eq(users.id, trainingTrainees.userId))
		.leftJoin(communicators, eq(communicators.id, trainingTrainees.communicatorId))
		.leftJoin(households, eq(households.id, trainingTrainees.householdId))
		.leftJoin(units, eq(units.id, households.unitId))
		.leftJoin(householdClassifications, and(eq(householdClassifications.householdId, households.id), eq(householdClassifications.year, year)))
		.leftJoin(trainingCertificates, eq(trainingCertificates.traineeId, trainingTrainees.id))
		.where(eq(trainingTrainees.courseId, courseId))
		.orderBy(asc(trainingTrainees.createdAt), asc(trainingTrainees.id));
}
export type TraineeWithNames = Awaited<ReturnType<typeof selectTrainees>>[number];
