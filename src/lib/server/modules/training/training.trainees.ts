import { and, asc, eq, inArray, sql } from 'drizzle-orm';
import type { Db } from '../../db/client';
import type { Actor } from '../../access/actor';
import { can, scopeCondition } from '../../access/actor';
import { AppError, forbidden, invalid } from '../../errors';
import { recordChange } from '../../audit/audit.service';
import { escapeLike } from '../../access/actor';
import { logAccesses } from '../households/households.context';
import { households } from '../households/households.tables';
import { units } from '../units/units.tables';
import { roleGrants, users } from '../users/users.tables';
import { normaliseName } from '../households/households.normalise';
import { communicators, trainingTrainees } from './training.tables';
import { selectCommunicatorById, selectTrainees, type CourseWithUnit, type TraineeWithNames } from './training.repository';
import { AttendanceInput, TraineeInput } from './training.schemas';
import { canEditTraining, isUuid, loadEditableCourse, loadReadableCourse, presentCourse, syncCourseActivity, type TrainingCtx } from './training.service';

const courseAccess = { screen: 'training_course', purpose: 'training' };

/** A trainee as pages and certificates name them; a household's name only for readers of the register there. */
export function traineeName(actor: Actor, t: TraineeWithNames): { name: string | null; village: string | null } {
	switch (t.trainee.kind) {
		case 'user':
			return { name: t.userName, village: null };
		case 'communicator':
			return { name: t.communicatorName, village: null };
		case 'household':
			return { name: t.villagePath && can(actor, 'households.read', t.villagePath) ? t.householdName : null, village: t.villageName };
		default:
			return { name: t.trainee.name, village: null };
	}
}

function presentTrainee(actor: Actor, t: TraineeWithNames) {
	const { name, village } = traineeName(actor, t);
	return {
		id: t.trainee.id,
		kind: t.trainee.kind,
		name,
		village,
		organisation: t.communicatorOrganisation,
		category: t.trainee.kind === 'household' ? t.category : null,
		attended: t.trainee.attended,
		preScore: t.trainee.preScore,
		postScore: t.trainee.postScore,
		gain: t.trainee.preScore !== null && t.trainee.postScore !== null ? t.trainee.postScore - t.trainee.preScore : null,
		certificateId: t.certificateId,
		certificateNumber: t.certificateNumber
	};
}
export type TraineeView = ReturnType<typeof presentTrainee>;

/** Trainees of a course as shown, the households named there written to the access log. */
async function traineesShown(tx: Db, actor: Actor, course: CourseWithUnit) {
	const rows = await selectTrainees(tx, course.course.id, Number(course.course.fromDate.slice(0, 4)));
	const views = rows.map((t) => presentTrainee(actor, t));
	const named = rows.filter((t, i) => t.trainee.householdId && views[i].name !== null);
	await logAccesses(tx, actor, named.map((t) => ({ id: t.trainee.householdId!, unitId: t.householdUnitId! })), courseAccess);
	return views;
}

/** A course with its trainees, attendance, scores and certificates. */
export async function getCourseDetail(ctx: TrainingCtx, id: string) {
	return ctx.db.transaction(async (tx) => {
		const course = await loadReadableCourse(tx, ctx.actor, id);
		return { course: presentCourse(course), canEdit: canEditTraining(ctx.actor, course), trainees: await traineesShown(tx, ctx.actor, course) };
	});
}

/**
 * Who may be added to a course: staff holding a role in the course's unit or below, the active
 * communicators there, and (when a name is searched) households of the area the actor reads,
 * each household shown access-logged.
 */
export async function traineeOptions(ctx: TrainingCtx, courseId: string, householdQuery: string | null) {
	return ctx.db.transaction(async (tx) => {
		const course = await loadReadableCourse(tx, ctx.actor, courseId);
		const prefix = escapeLike(course.unitPath) + '%';
		const staff = await tx
			.selectDistinct({ id: users.id, name: users.displayName })
			.from(users)
			.innerJoin(roleGrants, eq(roleGrants.userId, users.id))
			.innerJoin(units, eq(units.id, roleGrants.unitId))
			.where(and(sql`${units.path} LIKE ${prefix}`, eq(users.disabled, false)))
			.orderBy(asc(users.displayName))
			.limit(300);
		const network = await tx
			.select({ id: communicators.id, name: communicators.fullName, organisation: communicators.organisation })
			.from(communicators)
			.innerJoin(units, eq(units.id, communicators.unitId))
			.where(and(sql`${units.path} LIKE ${prefix}`, eq(communicators.active, true)))
			.orderBy(asc(communicators.fullName))
			.limit(300);
		let found: { id: string; name: string; village: string }[] = [];
		// Control characters (a NUL PostgreSQL cannot take) are no part of a name.
		const q = householdQuery?.replace(/[\u0000-\u001f\u007f]/g, '').trim().slice(0, 100);
		if (q) {
			const rows = await tx
				.select({ id: households.id, name: households.headName, unitId: households.unitId, village: units.name, path: units.path })
				.from(households)
				.innerJoin(units, eq(units.id, households.unitId))
				.where(and(sql`${units.path} LIKE ${prefix}`, scopeCondition(ctx.actor, 'households.read', units.path), sql`${households.mergedIntoId} IS NULL`, sql`${households.headNameNorm} LIKE ${'%' + escapeLike(normaliseName(q)) + '%'}`))
				.orderBy(asc(households.headNameNorm))
				.limit(20);
			const readable = rows.filter((r) => can(ctx.actor, 'households.read', r.path));
			await logAccesses(tx, ctx.actor, readable.map((r) => ({ id: r.id, unitId: r.unitId })), { screen: 'training_course', purpose: 'pick_trainee' });
			found = readable.map(({ id, name, village }) => ({ id, name, village }));
		}
		return { staff, network, households: found };
	});
}

/** Adds a trainee to a course (once each) and brings the course's activity up to date. */
export async function addTrainee(ctx: TrainingCtx, courseId: string, fields: unknown): Promise<string> {
	return (await addTrainees(ctx, courseId, [fields]))[0];
}

/**
 * Adds trainees to a course in one transaction (each once; any refusal stores none of them), then
 * writes the course's activity once: a whole list costs one activity write, not one per trainee.
 */
export async function addTrainees(ctx: TrainingCtx, courseId: string, list: unknown[]): Promise<string[]> {
	const inputs = list.map((fields) => TraineeInput.parse(fields));
	const now = (ctx.now ?? (() => new Date()))();
	return ctx.db.transaction(async (tx) => {
		const course = await loadEditableCourse(tx, ctx.actor, courseId);
		const ids: string[] = [];
		for (const [i, input] of inputs.entries()) {
			// One millisecond apart: the list shows trainees in the order they were added, also within one call.
			const values: typeof trainingTrainees.$inferInsert = { courseId, kind: input.kind, createdAt: new Date(Date.now() + i) };
			const same = (column: typeof trainingTrainees.userId | typeof trainingTrainees.communicatorId | typeof trainingTrainees.householdId) => tx.select({ id: trainingTrainees.id }).from(trainingTrainees).where(and(eq(trainingTrainees.courseId, courseId), eq(column, input.ref!)));
			if (input.kind === 'user') {
				const [grant] = await tx
					.select({ id: roleGrants.id })
					.from(roleGrants)
					.innerJoin(units, eq(units.id, roleGrants.unitId))
					.where(and(eq(roleGrants.userId, input.ref!), sql`(${units.path} LIKE ${escapeLike(course.unitPath) + '%'} OR ${course.unitPath} LIKE ${units.path} || '%')`))
					.limit(1);
				if (!grant) throw invalid('training.userOutside', {}, [{ path: 'ref', message: input.ref! }]);
				if ((await same(trainingTrainees.userId)).length) throw new AppError('CONFLICT', 'training.traineeTwice');
				values.userId = input.ref;
			} else if (input.kind === 'communicator') {
				const c = await selectCommunicatorById(tx, input.ref!);
				if (!c || !c.unitPath.startsWith(course.unitPath)) throw invalid('training.communicatorOutside', {}, [{ path: 'ref', message: input.ref! }]);
				if ((await same(trainingTrainees.communicatorId)).length) throw new AppError('CONFLICT', 'training.traineeTwice');
				values.communicatorId = input.ref;
			} else if (input.kind === 'household') {
				const [h] = await tx
					.select({ id: households.id, path: units.path, mergedIntoId: households.mergedIntoId })
					.from(households)
					.innerJoin(units, eq(units.id, households.unitId))
					.where(eq(households.id, input.ref!));
				if (!h || h.mergedIntoId || !h.path.startsWith(course.unitPath)) throw invalid('training.householdOutside', {}, [{ path: 'ref', message: input.ref! }]);
				if (!can(ctx.actor, 'households.read', h.path)) throw forbidden('training.householdNotReadable');
				if ((await same(trainingTrainees.householdId)).length) throw new AppError('CONFLICT', 'training.traineeTwice');
				values.householdId = input.ref;
			} else values.name = input.name;
			const [row] = await tx.insert(trainingTrainees).values(values).returning({ id: trainingTrainees.id });
			ids.push(row.id);
		}
		await syncCourseActivity(tx, ctx.actor, courseId, now);
		await recordChange(tx, ctx.actor, {
			action: 'training.trainee.add',
			entityType: 'training_course',
			entityId: courseId,
			unitId: course.course.unitId,
			after: { trainees: inputs.map((input, i) => ({ traineeId: ids[i], ...input })) }
		});
		return ids;
	});
}

/** Takes a trainee off a course; one with a certificate stays (the certificate was issued on their attendance). */
export async function removeTrainee(ctx: TrainingCtx, courseId: string, traineeId: string) {
	const now = (ctx.now ?? (() => new Date()))();
	return ctx.db.transaction(async (tx) => {
		const course = await loadEditableCourse(tx, ctx.actor, courseId);
		const rows = isUuid(traineeId) ? await selectTrainees(tx, courseId, 0) : [];
		const t = rows.find((r) => r.trainee.id === traineeId);
		if (!t) throw invalid('training.traineeUnknown');
		if (t.certificateId) throw new AppError('CONFLICT', 'training.traineeCertified');
		await tx.delete(trainingTrainees).where(eq(trainingTrainees.id, traineeId));
		await syncCourseActivity(tx, ctx.actor, courseId, now);
		await recordChange(tx, ctx.actor, { action: 'training.trainee.remove', entityType: 'training_course', entityId: courseId, unitId: course.course.unitId, before: { traineeId, kind: t.trainee.kind } });
	});
}

/**
 * Ticks attendance and records scores for some of a course's trainees (the plain form sends them
 * all), then brings the activity's counts and households up to date. A trainee with a certificate
 * cannot be marked absent.
 */
export async function recordAttendance(ctx: TrainingCtx, courseId: string, fields: unknown) {
	const input = AttendanceInput.parse(fields);
	const now = (ctx.now ?? (() => new Date()))();
	return ctx.db.transaction(async (tx) => {
		const course = await loadEditableCourse(tx, ctx.actor, courseId);
		const ids = input.trainees.map((t) => t.id);
		const known = ids.length
			? await tx
					.select({ id: trainingTrainees.id, attended: trainingTrainees.attended, certified: sql<boolean>`EXISTS (SELECT 1 FROM training_certificates c WHERE c.trainee_id = training_trainees.id)` })
					.from(trainingTrainees)
					.where(and(eq(trainingTrainees.courseId, courseId), inArray(trainingTrainees.id, ids)))
			: [];
		const byId = new Map(known.map((k) => [k.id, k]));
		input.trainees.forEach((t, i) => {
			const k = byId.get(t.id);
			if (!k) throw invalid('training.traineeUnknown', {}, [{ path: `trainees.${i}.id`, message: t.id }]);
			if (k.certified && !t.attended) throw new AppError('CONFLICT', 'training.traineeCertified');
		});
		for (const t of input.trainees) {
			await tx.update(trainingTrainees).set({ attended: t.attended, preScore: t.preScore, postScore: t.postScore }).where(eq(trainingTrainees.id, t.id));
		}
		await syncCourseActivity(tx, ctx.actor, courseId, now);
		await recordChange(tx, ctx.actor, {
			action: 'training.attendance',
			entityType: 'training_course',
			entityId: courseId,
			unitId: course.course.unitId,
			after: { trainees: input.trainees }
		});
		return { attended: input.trainees.filter((t) => t.attended).length };
	});
}

