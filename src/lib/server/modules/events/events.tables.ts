import { sql } from 'drizzle-orm';
import { boolean, check, date, index, integer, jsonb, pgTable, primaryKey, text, timestamp, uuid } from 'drizzle-orm/pg-core';
import { units } from '../units/units.tables';
import { users } from '../users/users.tables';
import { households } from '../households/households.tables';
import { activities } from '../activities/activities.tables';
import { feedbackItems } from '../feedback/feedback.tables';
import { storedFiles } from '../../files/files.tables';

/** What the minutes of a dialogue record (the body of the official minutes document). */
export interface EventMinutes {
	chair: string | null;
	secretary: string | null;
	/** Who attended, in words ("đại diện 42 hộ gia đình thôn Nà Pồng, Hội Phụ nữ xã…"). */
	attendance: string | null;
	summary: string | null;
	conclusions: string | null;
}

/**
 * A policy dialogue or another public event (contest, cultural evening, conference). It is an
 * activity too: `activity_id` is the activity that carries its channel, date, attendance (counts
 * by group and the households present) and evidence, so it counts towards reach and plan targets.
 */
export const events = pgTable(
	'events',
	{
		id: uuid('id').primaryKey().defaultRandom(),
		unitId: uuid('unit_id')
			.notNull()
			.references(() => units.id),
		/** dialogue, contest, cultural, conference, other */
		kind: text('kind').notNull().default('dialogue'),
		title: text('title').notNull(),
		/** Plain words for the portal: what it is about and who should come. */
		description: text('description'),
		/** Agenda items in order. */
		agenda: jsonb('agenda').$type<string[]>().notNull().default(sql`'[]'::jsonb`),
		place: text('place'),
		date: date('date').notNull(),
		startTime: text('start_time'),
		endTime: text('end_time'),
		/** Audience group codes invited. */
		invitedGroups: text('invited_groups').array().notNull().default(sql`'{}'::text[]`),
		/** Shown on the portal (upcoming events) once true. */
		published: boolean('published').notNull().default(false),
		registrationOpen: boolean('registration_open').notNull().default(false),
		/** Places for registration; null = no limit. */
		capacity: integer('capacity'),
		/** planned, held, cancelled */
		status: text('status').notNull().default('planned'),
		activityId: uuid('activity_id').references(() => activities.id),
		minutes: jsonb('minutes').$type<EventMinutes>(),
		version: integer('version').notNull().default(1),
		createdBy: uuid('created_by').references(() => users.id),
		createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
		updatedAt: timestamp('updated_at', { withTimezone: true }).notNull().defaultNow()
	},
	(t) => [
		index('events_unit_date_idx').on(t.unitId, t.date),
		index('events_public_idx').on(t.date).where(sql`${t.published}`),
		check('events_status_check', sql`${t.status} IN ('planned', 'held', 'cancelled')`),
		check('events_capacity_check', sql`${t.capacity} IS NULL OR ${t.capacity} > 0`)
	]
);

/** Someone who registered from the portal (or was registered by an officer). Personal data. */
export const eventRegistrations = pgTable(
	'event_registrations',
	{
		id: uuid('id').primaryKey().defaultRandom(),
		eventId: uuid('event_id')
			.notNull()
			.references(() => events.id, { onDelete: 'cascade' }),
		name: text('name').notNull(),
		phone: text('phone'),
		/** The village they come from, when given. */
		villageId: uuid('village_id').references(() => units.id),
		/** Audience group code they said they belong to, when given. */
		groupCode: text('group_code'),
		householdId: uuid('household_id').references(() => households.id),
		note: text('note'),
		/** portal, officer */
		source: text('source').notNull().default('portal'),
		cancelledAt: timestamp('cancelled_at', { withTimezone: true }),
		createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow()
	},
	(t) => [index('event_registrations_event_idx').on(t.eventId)]
);

/** Questions raised at the event: each is a feedback item (channel `dialogue`) in the citizens' intake. */
export const eventQuestions = pgTable(
	'event_questions',
	{
		eventId: uuid('event_id')
			.notNull()
			.references(() => events.id, { onDelete: 'cascade' }),
		feedbackId: uuid('feedback_id')
			.notNull()
			.references(() => feedbackItems.id),
		/** Answered on the spot, in the minutes' words. */
		answeredAtEvent: text('answered_at_event'),
		createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow()
	},
	(t) => [primaryKey({ columns: [t.eventId, t.feedbackId] })]
);

/** Generated minutes documents kept as files (DOCX), newest last. */
export const eventDocuments = pgTable('event_documents', {
	id: uuid('id').primaryKey().defaultRandom(),
	eventId: uuid('event_id')
		.notNull()
		.references(() => events.id, { onDelete: 'cascade' }),
	fileId: uuid('file_id')
		.notNull()
		.references(() => storedFiles.id),
	createdBy: uuid('created_by').references(() => users.id),
	createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow()
});
