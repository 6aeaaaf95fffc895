import { sql } from 'drizzle-orm';
import { boolean, check, date, index, integer, pgTable, text, timestamp, uniqueIndex, uuid } from 'drizzle-orm/pg-core';
import { units } from '../units/units.tables';
import { users } from '../users/users.tables';
import { contentItems } from '../content/content.tables';
import { activities } from '../activities/activities.tables';

/** A loudspeaker station of a village (or the commune's central one). */
export const stations = pgTable(
	'stations',
	{
		id: uuid('id').primaryKey().defaultRandom(),
		unitId: uuid('unit_id')
			.notNull()
			.references(() => units.id),
		name: text('name').notNull(),
		/** wired, fm, ip (IP/4G controllers fetch their schedule) */
		kind: text('kind').notNull(),
		/** Controllers authenticate with this token (shown once, stored as sha256). */
		tokenHash: text('token_hash'),
		active: boolean('active').notNull().default(true),
		createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
		updatedAt: timestamp('updated_at', { withTimezone: true }).notNull().defaultNow()
	},
	(t) => [
		index('stations_unit_idx').on(t.unitId),
		uniqueIndex('stations_token_idx').on(t.tokenHash).where(sql`${t.tokenHash} IS NOT NULL`),
		check('stations_kind_check', sql`${t.kind} IN ('wired', 'fm', 'ip')`)
	]
);

/** A daily broadcast slot of a station ("06:00–06:30, every day" or on some weekdays). */
export const stationSlots = pgTable(
	'station_slots',
	{
		id: uuid('id').primaryKey().defaultRandom(),
		stationId: uuid('station_id')
			.notNull()
			.references(() => stations.id, { onDelete: 'cascade' }),
		/** Local time "HH:MM" in Asia/Ho_Chi_Minh. */
		startTime: text('start_time').notNull(),
		minutes: integer('minutes').notNull(),
		/** ISO weekdays 1 (Monday) … 7 (Sunday) the slot runs on. */
		weekdays: integer('weekdays').array().notNull().default(sql`'{1,2,3,4,5,6,7}'::int[]`),
		label: text('label')
	},
	(t) => [
		index('station_slots_station_idx').on(t.stationId),
		check('station_slots_time_check', sql`${t.startTime} ~ '^([01][0-9]|2[0-3]):[0-5][0-9]$'`),
		check('station_slots_minutes_check', sql`${t.minutes} BETWEEN 1 AND 240`)
	]
);

/**
 * A bulletin placed in a station's slot on a date: built from slots and priorities (emergency
 * first). A confirmed play becomes a broadcast activity of the station's unit.
 */
export const broadcasts = pgTable(
	'broadcasts',
	{
		id: uuid('id').primaryKey().defaultRandom(),
		stationId: uuid('station_id')
			.notNull()
			.references(() => stations.id, { onDelete: 'cascade' }),
		slotId: uuid('slot_id').references(() => stationSlots.id, { onDelete: 'set null' }),
		contentId: uuid('content_id')
			.notNull()
			.references(() => contentItems.id),
		date: date('date').notNull(),
		/** Order within the slot: emergency before priority before normal, then by request time. */
		position: integer('position').notNull().default(0),
		/** scheduled, played, missed, cancelled */
		status: text('status').notNull().default('scheduled'),
		playedAt: timestamp('played_at', { withTimezone: true }),
		/** controller, or the user who pressed "played" */
		confirmedBy: uuid('confirmed_by').references(() => users.id),
		confirmedVia: text('confirmed_via'),
		activityId: uuid('activity_id').references(() => activities.id),
		createdBy: uuid('created_by').references(() => users.id),
		createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow()
	},
	(t) => [
		index('broadcasts_station_date_idx').on(t.stationId, t.date),
		index('broadcasts_content_idx').on(t.contentId),
		uniqueIndex('broadcasts_once_idx').on(t.stationId, t.contentId, t.date, t.slotId),
		check('broadcasts_status_check', sql`${t.status} IN ('scheduled', 'played', 'missed', 'cancelled')`)
	]
);
