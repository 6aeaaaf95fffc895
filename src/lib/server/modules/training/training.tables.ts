import { sql } from 'drizzle-orm';
import { boolean, check, date, index, integer, pgTable, text, timestamp, uniqueIndex, uuid } from 'drizzle-orm/pg-core';
import { units } from '../units/units.tables';
import { users } from '../users/users.tables';
import { households } from '../households/households.tables';
import { activities } from '../activities/activities.tables';
import { storedFiles } from '../../files/files.tables';

/** A member of the communicator network: tuyên truyền viên or báo cáo viên of a unit. */
export const communicators = pgTable(
	'communicators',
	{
		id: uuid('id').primaryKey().defaultRandom(),
		unitId: uuid('unit_id')
			.notNull()
			.references(() => units.id),
		fullName: text('full_name').notNull(),
		/** The organisation they belong to ("Hội Nông dân xã", "Đoàn Thanh niên"). */
		organisation: text('organisation'),
		/** communicator (tuyên truyền viên), reporter (báo cáo viên) */
		role: text('role').notNull(),
		topics: text('topics').array().notNull().default(sql`'{}'::text[]`),
		/** Kept only with the person's consent to be called. */
		phone: text('phone'),
		phoneConsent: boolean('phone_consent').notNull().default(false),
		userId: uuid('user_id').references(() => users.id),
		active: boolean('active').notNull().default(true),
		createdBy: uuid('created_by').references(() => users.id),
		createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
		updatedAt: timestamp('updated_at', { withTimezone: true }).notNull().defaultNow()
	},
	(t) => [
		index('communicators_unit_idx').on(t.unitId),
		check('communicators_role_check', sql`${t.role} IN ('communicator', 'reporter')`),
		check('communicators_phone_check', sql`${t.phone} IS NULL OR ${t.phoneConsent}`)
	]
);

/** A training course; it is also an activity of channel `training`, kept in step with it. */
export const trainingCourses = pgTable(
	'training_courses',
	{
		id: uuid('id').primaryKey().defaultRandom(),
		activityId: uuid('activity_id')
			.notNull()
			.unique()
			.references(() => activities.id),
		unitId: uuid('unit_id')
			.notNull()
			.references(() => units.id),
		title: text('title').notNull(),
		organiser: text('organiser').notNull(),
		topics: text('topics').array().notNull().default(sql`'{}'::text[]`),
		fromDate: date('from_date').notNull(),
		toDate: date('to_date').notNull(),
		place: text('place'),
		createdBy: uuid('created_by').references(() => users.id),
		createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
		updatedAt: timestamp('updated_at', { withTimezone: true }).notNull().defaultNow()
	},
	(t) => [
		index('training_courses_unit_idx').on(t.unitId, t.fromDate),
		check('training_courses_dates_check', sql`${t.toDate} >= ${t.fromDate}`)
	]
);

/** A trainee of a course: a staff member (user), a communicator, a household, or someone named. */
export const trainingTrainees = pgTable(
	'training_trainees',
	{
		id: uuid('id').primaryKey().defaultRandom(),
		courseId: uuid('course_id')
			.notNull()
			.references(() => trainingCourses.id, { onDelete: 'cascade' }),
		/** user, communicator, household, other */
		kind: text('kind').notNull(),
		userId: uuid('user_id').references(() => users.id),
		communicatorId: uuid('communicator_id').references(() => communicators.id),
		householdId: uuid('household_id').references(() => households.id),
		/** The name of an `other` trainee. */
		name: text('name'),
		attended: boolean('attended').notNull().default(false),
		preScore: integer('pre_score'),
		postScore: integer('post_score'),
		createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow()
	},
	(t) => [
		index('training_trainees_course_idx').on(t.courseId),
		index('training_trainees_communicator_idx').on(t.communicatorId).where(sql`${t.communicatorId} IS NOT NULL`),
		uniqueIndex('training_trainees_user_uq').on(t.courseId, t.userId).where(sql`${t.userId} IS NOT NULL`),
		uniqueIndex('training_trainees_communicator_uq').on(t.courseId, t.communicatorId).where(sql`${t.communicatorId} IS NOT NULL`),
		uniqueIndex('training_trainees_household_uq').on(t.courseId, t.householdId).where(sql`${t.householdId} IS NOT NULL`),
		check('training_trainees_kind_check', sql`${t.kind} IN ('user', 'communicator', 'household', 'other')`),
		check(
			'training_trainees_target_check',
			sql`(${t.kind} = 'user') = (${t.userId} IS NOT NULL) AND (${t.kind} = 'communicator') = (${t.communicatorId} IS NOT NULL) AND (${t.kind} = 'household') = (${t.householdId} IS NOT NULL) AND (${t.kind} <> 'other' OR ${t.name} IS NOT NULL)`
		),
		check(
			'training_trainees_scores_check',
			sql`(${t.preScore} IS NULL OR ${t.preScore} BETWEEN 0 AND 100) AND (${t.postScore} IS NULL OR ${t.postScore} BETWEEN 0 AND 100)`
		)
	]
);

/** A certificate issued to a trainee who attended: numbered per unit and year, kept as a PDF (made at issue, or at first download). */
export const trainingCertificates = pgTable(
	'training_certificates',
	{
		id: uuid('id').primaryKey().defaultRandom(),
		traineeId: uuid('trainee_id')
			.notNull()
			.unique()
			.references(() => trainingTrainees.id, { onDelete: 'cascade' }),
		unitId: uuid('unit_id')
			.notNull()
			.references(() => units.id),
		year: integer('year').notNull(),
		seq: integer('seq').notNull(),
		/** As printed: "07/2026/GCN-16108". */
		number: text('number').notNull(),
		/** The PDF; null until first downloaded when the certificate was numbered without it (demo data). */
		fileId: uuid('file_id').references(() => storedFiles.id),
		issuedBy: uuid('issued_by').references(() => users.id),
		issuedAt: timestamp('issued_at', { withTimezone: true }).notNull().defaultNow()
	},
	(t) => [uniqueIndex('training_certificates_number_uq').on(t.unitId, t.year, t.seq)]
);
